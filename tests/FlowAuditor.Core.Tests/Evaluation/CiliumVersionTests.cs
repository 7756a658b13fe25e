using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Core.Tests.Evaluation;

/// <summary>Versions as users and Hubble write them, and the defaults each modelled version selects.</summary>
public sealed class CiliumVersionTests
{
    [Theory]
    [InlineData("1.18", 1, 18)]
    [InlineData("v1.19.4", 1, 19)]
    [InlineData("1.20.0-dev", 1, 20)]
    [InlineData("cilium v1.18.3+g4a7b2c1", 1, 18)]
    public void Parse_AcceptsTheUsualSpellings(string text, int major, int minor)
    {
        Assert.True(CiliumVersion.TryParse(text, out var version));
        Assert.Equal(new CiliumVersion(major, minor), version);
    }

    [Theory]
    [InlineData("cilium v1.18.3+g4a7b2c1", true)]
    [InlineData("hubble-relay v1.19.1+gabcdef", true)]
    [InlineData("flowauditor-replay 1.0", false)]
    [InlineData("", false)]
    public void ServerStatusVersion_IsTakenOnlyFromCiliumAndHubbleRelay(string text, bool taken) =>
        Assert.Equal(taken, CiliumVersion.TryParseServerStatus(text, out _));

    [Theory]
    [InlineData("latest")]
    [InlineData("1")]
    [InlineData("1.x")]
    public void Parse_RejectsWhatIsNotAVersion(string text) => Assert.False(CiliumVersion.TryParse(text, out _));

    [Fact]
    public void UnmodelledVersions_DecideAsTheNearestModelledOne()
    {
        Assert.Equal(CiliumVersion.V1_17, new CiliumVersion(1, 14).Nearest());
        Assert.Equal(CiliumVersion.V1_20, new CiliumVersion(1, 22).Nearest());
        Assert.Equal(CiliumVersion.V1_19, EvaluationOptions.Cilium.Version);
    }

    [Theory]
    [InlineData(17, false, EgressNamedPorts.ClusterWide)]
    [InlineData(18, false, EgressNamedPorts.ClusterWide)]
    [InlineData(19, true, EgressNamedPorts.ClusterWide)]
    [InlineData(20, true, EgressNamedPorts.PerDestination)]
    public void EachVersion_HasItsDefaults(int minor, bool localCluster, EgressNamedPorts namedPorts)
    {
        var options = EvaluationOptions.ForVersion(new CiliumVersion(1, minor));

        Assert.Equal((localCluster, namedPorts, AllowLocalhost.Always), (options.PolicyDefaultLocalCluster, options.EgressNamedPorts, options.AllowLocalhost));
    }
}
