using System.Net;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Tests.Support;

namespace FlowAuditor.Core.Tests.Analysis;

public sealed class ExternalSpaceTests
{
    [Fact]
    public void Split_WithoutBlocks_IsTheWholeIPv4Space()
    {
        var ranges = ExternalSpace.Split([]);

        Assert.Equal(["0.0.0.0-255.255.255.255"], ranges.Select(r => r.ToString()));
    }

    [Fact]
    public void Split_CidrWithExcept_CutsAtEveryEdgeOfTheBlockAndItsException()
    {
        var block = new CidrBlock(IPNetwork.Parse("10.0.0.0/8"), [IPNetwork.Parse("10.10.0.0/16")]);

        var ranges = ExternalSpace.Split([block]);

        Assert.Equal(
            ["0.0.0.0-9.255.255.255", "10.0.0.0-10.9.255.255", "10.10.0.0-10.10.255.255", "10.11.0.0-10.255.255.255", "11.0.0.0-255.255.255.255"],
            ranges.Select(r => r.ToString()));
    }

    [Fact]
    public void Split_AdjacentHostBlocks_StaySeparateRanges()
    {
        var ranges = ExternalSpace.Split([Block("49.50.0.0/32"), Block("49.50.0.1/32")]);

        Assert.Equal(
            ["0.0.0.0-49.49.255.255", "49.50.0.0-49.50.0.0", "49.50.0.1-49.50.0.1", "49.50.0.2-255.255.255.255"],
            ranges.Select(r => r.ToString()));
    }

    [Fact]
    public void Split_IgnoresIPv6Blocks()
    {
        Assert.Single(ExternalSpace.Split([Block("2001:db8::/32")]));
    }

    [Fact]
    public void SourcesAreSplitByIngressBlocksOnly_DestinationsByEgressBlocksOnly()
    {
        var policy = new Policy(new PolicyRef(PolicyKind.NetworkPolicy, "a", "p"), TestPolicies.Pods("a"))
        {
            IsolatesIngress = true,
            IsolatesEgress = true,
            Ingress = [TestPolicies.Rule(TrafficDirection.Ingress, 1, TestPolicies.Cidr("192.168.0.0/16"))],
            Egress = [TestPolicies.Rule(TrafficDirection.Egress, 1, TestPolicies.Cidr("8.8.8.8/32"))],
        };
        var set = new PolicySet([policy]);

        Assert.Equal(
            ["0.0.0.0-192.167.255.255", "192.168.0.0-192.168.255.255", "192.169.0.0-255.255.255.255"],
            ExternalSpace.Sources(set).Select(r => r.ToString()));
        Assert.Equal(
            ["0.0.0.0-8.8.8.7", "8.8.8.8-8.8.8.8", "8.8.8.9-255.255.255.255"],
            ExternalSpace.Destinations(set).Select(r => r.ToString()));
    }

    [Fact]
    public void Split_RangesAreContiguousAndDisjoint()
    {
        var ranges = ExternalSpace.Split([Block("10.0.0.0/8"), Block("10.1.0.0/16"), Block("0.0.0.0/0"), Block("255.255.255.255/32")]);

        Assert.Equal(IpRange.AllIPv4.Start, ranges[0].Start);
        Assert.Equal(IpRange.AllIPv4.End, ranges[^1].End);
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].End + 1, ranges[i].Start);
        }
    }

    private static CidrBlock Block(string cidr) => new(IPNetwork.Parse(cidr), []);
}
