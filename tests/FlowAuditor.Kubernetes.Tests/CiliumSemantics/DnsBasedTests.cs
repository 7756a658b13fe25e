using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io, Layer 3 "DNS based": toFQDNs matchName / matchPattern, matched against the DNS names Hubble
/// carries in <c>destination_names</c>.
/// </summary>
public sealed class DnsBasedTests
{
    private static readonly Endpoint App = Pod("default", ["k8s:app=test-app"]);

    [Theory]
    [InlineData("my-remote-service.com", true)]
    [InlineData("MY-Remote-Service.com.", true)]
    [InlineData("www.my-remote-service.com", false)]
    [InlineData("my-remote-service.co", false)]
    public void ToFqdnsMatchName_IsExact_IgnoringCaseAndTheTrailingDot(string name, bool allowed)
    {
        var policies = Fqdn("matchName: \"my-remote-service.com\"");

        Assert.Equal(allowed, policies.Allows(App, World("192.0.2.80", name), Protocol.TCP, 443));
    }

    [Theory]
    [InlineData("sub.cilium.io", true)]
    [InlineData("cilium.io", false)]
    [InlineData("sub.sub.cilium.io", false)]
    [InlineData("sub.cilium.io.evil.com", false)]
    public void ToFqdnsMatchPattern_StarMatchesOneLabelOnly(string name, bool allowed)
    {
        var policies = Fqdn("matchPattern: \"*.cilium.io\"");

        Assert.Equal(allowed, policies.Allows(App, World("192.0.2.80", name), Protocol.TCP, 443));
    }

    [Theory]
    [InlineData("partial.com", true)]
    [InlineData("part-extra-ial.com", true)]
    [InlineData("part.ial.com", false)]
    public void ToFqdnsMatchPattern_StarInsideALabel_MatchesZeroOrMoreCharacters(string name, bool allowed)
    {
        var policies = Fqdn("matchPattern: \"part*ial.com\"");

        Assert.Equal(allowed, policies.Allows(App, World("192.0.2.80", name), Protocol.TCP, 443));
    }

    [Theory]
    [InlineData("app.cilium.io", true)]
    [InlineData("test.app.cilium.io", true)]
    [InlineData("cilium.io", false)]
    [InlineData("app.cilium.com", false)]
    public void ToFqdnsMatchPattern_DoubleStarPrefix_MatchesCascadedSubdomains(string name, bool allowed)
    {
        var policies = Fqdn("matchPattern: \"**.cilium.io\"");

        Assert.Equal(allowed, policies.Allows(App, World("192.0.2.80", name), Protocol.TCP, 443));
    }

    [Fact]
    public void ToFqdnsMatchPatternStarAlone_MatchesEveryName_ButNotAFlowWithoutNames()
    {
        var policies = Fqdn("matchPattern: \"*\"");

        Assert.True(policies.Allows(App, World("192.0.2.80", "anything.example"), Protocol.TCP, 443));
        Assert.False(policies.Allows(App, World("192.0.2.80"), Protocol.TCP, 443));
    }

    [Fact]
    public void ToFqdns_MatchesWhenAnyOfTheFlowsNamesMatches()
    {
        var policies = Fqdn("matchName: \"api.example.com\"");

        Assert.True(policies.Allows(App, World("192.0.2.80", "cdn.example.net", "api.example.com"), Protocol.TCP, 443));
        Assert.False(policies.Allows(App, Pod("default", ["k8s:app=api"]), Protocol.TCP, 443));
    }

    private static Core.Evaluation.PolicyEvaluator Fqdn(string selector) => CiliumPolicies.Load($$"""
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata:
          name: to-fqdn
          namespace: default
        spec:
          endpointSelector:
            matchLabels:
              app: test-app
          egress:
          - toFQDNs:
            - {{selector}}
        """);
}
