using System.Net;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Analysis.AnalysisFixtures;

namespace FlowAuditor.Core.Tests.Analysis;

public sealed class ConnectivityTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NoNamespaces =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    [Fact]
    public void Pairs_NeverPairAWorkloadWithItself_NorExternalWithExternal()
    {
        var policy = IngressPolicy("api-in", Api, Ingress(1, TestPolicies.Cidr("10.0.0.0/8")));
        var set = new PolicySet([policy]);
        var peers = ConnectivityPeers.Of(new ClusterModel(NoNamespaces, [Web, Api]), set);

        var pairs = peers.Pairs().ToList();

        Assert.Equal(3, peers.ExternalSources.Count);
        Assert.Single(peers.ExternalDestinations);
        Assert.DoesNotContain(pairs, p => p.Source.Name == p.Destination.Name);
        Assert.DoesNotContain(pairs, p => p.Source.IsExternal && p.Destination.IsExternal);

        // 2 workloads: 2 workload pairs, 2 to the one destination range, 3 sources x 2 workloads.
        Assert.Equal(2 + 2 + 6, pairs.Count);
    }

    [Fact]
    public void Peers_WorkloadIsRepresentedByItsFirstPod()
    {
        var first = TestPods.Make("shop", "web", labels: [("app", "web"), ("tier", "a")]);
        var second = TestPods.Make("shop", "web", labels: [("app", "web"), ("tier", "b")]);

        var peers = ConnectivityPeers.Of(new ClusterModel(NoNamespaces, [first, second]), PolicySet.Empty);

        var web = Assert.Single(peers.Workloads);
        Assert.Equal("shop/web[Deployment]", web.Name);
        Assert.Same(first, web.Endpoint);
    }

    [Fact]
    public void AllowedPairs_ListOnlyAllowedPairs_SortedBySourceThenDestination()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api, Ingress(1, App("shop", "web"), new PortMatch(Protocol.TCP, 8080))));
        var peers = ConnectivityPeers.Of(new ClusterModel(NoNamespaces, [Web, Api]), evaluator.PolicySet);

        var lines = Connectivity.AllowedPairs(peers, new ConnectionAnalyzer(evaluator)).Select(ConnlistFormat.Line).ToList();

        Assert.Equal(
            [
                "0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections",
                "shop/api[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections",
                "shop/api[Deployment] => shop/web[Deployment] : All Connections",
                "shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections",
                "shop/web[Deployment] => shop/api[Deployment] : TCP 8080",
            ],
            lines);
    }

    [Fact]
    public void AllowedPairs_ExternalRangesAreDecidedByTheirBlocks()
    {
        var evaluator = Evaluator(EgressPolicy("web-out", Web, Egress(1, TestPolicies.Cidr("8.8.8.8/32"), new PortMatch(Protocol.UDP, 53))));
        var peers = ConnectivityPeers.Of(new ClusterModel(NoNamespaces, [Web]), evaluator.PolicySet);

        var lines = Connectivity.AllowedPairs(peers, new ConnectionAnalyzer(evaluator)).Select(ConnlistFormat.Line).ToList();

        Assert.Contains("shop/web[Deployment] => 8.8.8.8-8.8.8.8[External] : UDP 53", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("shop/web[Deployment] => 0.0.0.0-8.8.8.7", StringComparison.Ordinal));
    }

    [Fact]
    public void ExplainAll_MarksPairsNoPolicyConcernsAsSystemDefault()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api));
        var peers = ConnectivityPeers.Of(new ClusterModel(NoNamespaces, [Web, Api]), evaluator.PolicySet);

        var explanations = Connectivity.ExplainAll(peers, new ConnectionAnalyzer(evaluator));

        Assert.True(explanations.Single(e => e.Source.Name == "shop/api[Deployment]" && e.Destination.Name == "shop/web[Deployment]").AllowedBySystemDefault);
        var denied = explanations.Single(e => e.Source.Name == "shop/web[Deployment]" && e.Destination.Name == "shop/api[Deployment]");
        Assert.False(denied.AllowedBySystemDefault);
        var denial = Assert.Single(Assert.Single(denied.Groups).Verdict.Ingress.Denials);
        Assert.True(denial.NoRulesDefined);
    }

    [Fact]
    public void ForRange_UsesTheFirstAddressAsAnExternalEndpoint()
    {
        var peer = AnalysisPeer.ForRange(Network.IpRange.FromNetwork(IPNetwork.Parse("10.1.0.0/16")));

        Assert.Equal("10.1.0.0-10.1.255.255[External]", peer.Name);
        Assert.Equal(EndpointKind.World, peer.Endpoint.Kind);
        Assert.Equal(IPAddress.Parse("10.1.0.0"), peer.Endpoint.Address);
    }
}
