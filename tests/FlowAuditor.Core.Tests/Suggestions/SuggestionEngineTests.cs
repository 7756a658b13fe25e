using System.Net;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Suggestions;

public sealed class SuggestionEngineTests
{
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend");
    private static readonly Endpoint Backend = TestPods.Make("production", "backend", labels: [("app", "backend"), ("tier", "api")]);
    private static readonly Endpoint Prometheus = TestPods.Make("monitoring", "prometheus", "StatefulSet", labels: [("app.kubernetes.io/name", "prometheus")]);
    private static readonly Endpoint KubeDns = TestPods.Make("kube-system", "coredns", labels: [("k8s-app", "kube-dns")]);

    private static IReadOnlyList<AggregateEntry> Aggregate(IEnumerable<FlowRecord> flows, params Policy[] policies) => TestAggregates.Of(flows, policies);

    private static FlowRecord External(Endpoint source, string ip, int port, params string[] names) => new()
    {
        Source = source,
        Destination = new Endpoint(EndpointKind.World, Endpoint.External(IPAddress.Parse(ip)).Labels) { Address = IPAddress.Parse(ip), DnsNames = names },
        Verdict = FlowVerdict.Dropped,
        DropReason = DropReasons.PolicyDenied,
        EventType = FlowEventTypes.PolicyVerdict,
        Direction = FlowDirection.Egress,
        Protocol = Protocol.TCP,
        DestinationPort = port,
    };

    [Fact]
    public void CrossNamespacePeer_IsNamespaceSelectorAndPodSelector_WithStableLabelsOnly()
    {
        var entries = Aggregate([TestFlows.Dropped(Prometheus, Backend, FlowDirection.Ingress, 9090)], DefaultDeny("production"));

        var policy = Assert.Single(SuggestionEngine.Suggest(entries).Policies);

        Assert.Equal("flowauditor-allow-backend-ingress", policy.Name);
        Assert.Equal("production", policy.Namespace);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "backend", ["tier"] = "api" }, policy.SubjectLabels);
        var peer = Assert.IsType<SuggestedPodPeer>(Assert.Single(policy.Rules).Peer);
        Assert.Equal(("monitoring", false), (peer.Namespace, peer.SameNamespace));
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" }, peer.Labels);
        Assert.DoesNotContain("pod-template-hash", policy.SubjectLabels.Keys);
    }

    [Fact]
    public void PortsToOnePeer_AreMerged_AndContiguousPortsBecomeOneRange()
    {
        var flows = new[] { 8080, 8081, 8082, 9090 }.Select((port, i) => TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, port, sourcePort: 40000 + i));
        var entries = Aggregate(flows, DefaultDeny("production"));

        var rule = Assert.Single(Assert.Single(SuggestionEngine.Suggest(entries).Policies).Rules);

        Assert.True(Assert.IsType<SuggestedPodPeer>(rule.Peer).SameNamespace);
        Assert.Equal([new SuggestedPort(Protocol.TCP, 8080, 8082), new SuggestedPort(Protocol.TCP, 9090, 9090)], rule.Ports);
    }

    [Fact]
    public void DeniedDns_SuggestsUdpAndTcp53ToKubeDns()
    {
        var dns = TestFlows.PolicyVerdict(Frontend, KubeDns, FlowDirection.Egress, FlowVerdict.Dropped, 53, Protocol.UDP, DropReasons.PolicyDenied);
        var entries = Aggregate([dns], DefaultDeny("production"));

        var rule = Assert.Single(Assert.Single(SuggestionEngine.Suggest(entries).Policies).Rules);

        Assert.Equal([new SuggestedPort(Protocol.TCP, 53, 53), new SuggestedPort(Protocol.UDP, 53, 53)], rule.Ports);
        Assert.NotNull(rule.Widening);
    }

    [Fact]
    public void ExternalAddress_IsASlash32_UnlessACidrPrefixIsAsked()
    {
        var entries = Aggregate([External(Backend, "203.0.113.10", 443)], DefaultDeny("production"));

        var exact = SuggestionEngine.Suggest(entries).Policies.Single().Rules.Single().Peer;
        var aggregated = SuggestionEngine.Suggest(entries, new SuggestionOptions { CidrPrefix = 24 }).Policies.Single().Rules.Single().Peer;

        Assert.Equal(new SuggestedCidrPeer("203.0.113.10/32"), exact);
        Assert.Equal(new SuggestedCidrPeer("203.0.113.0/24"), aggregated);
    }

    [Fact]
    public void CiliumFormat_ExternalWithDnsName_IsToFqdns_PlusTheDnsProxyRuleItNeeds()
    {
        var entries = Aggregate([External(Backend, "203.0.113.10", 443, "api.payments.example.com.")], DefaultDeny("production"));

        var rules = SuggestionEngine.Suggest(entries, new SuggestionOptions { Format = SuggestionFormat.Cilium }).Policies.Single().Rules;

        Assert.Contains(rules, r => r.Peer == new SuggestedFqdnPeer("api.payments.example.com"));
        Assert.Contains(rules, r => r.DnsProxy && r.Peer is SuggestedPodPeer { Namespace: "kube-system" });
    }

    [Fact]
    public void HostEntity_IsNotExpressibleAsNetworkPolicy_ButIsAnEntityInCiliumFormat()
    {
        var host = Endpoint.ForEntity(EndpointKind.Host, IPAddress.Parse("172.18.0.2"));
        var entries = Aggregate([TestFlows.Dropped(host, Backend, FlowDirection.Ingress, 8080)], DefaultDeny("production"));

        var np = SuggestionEngine.Suggest(entries);
        var cilium = SuggestionEngine.Suggest(entries, new SuggestionOptions { Format = SuggestionFormat.Cilium });

        Assert.Empty(np.Policies);
        Assert.Contains("use --suggest cilium", Assert.Single(np.NotSuggested).Reason, StringComparison.Ordinal);
        Assert.Equal(new SuggestedEntityPeer("host"), cilium.Policies.Single().Rules.Single().Peer);
    }

    [Fact]
    public void TrafficDeniedByADenyRule_IsNotSuggested_AndSaysWhy()
    {
        var deny = new Policy(new PolicyRef(PolicyKind.CiliumNetworkPolicy, "production", "no-prometheus"), Pods("production"))
        {
            IsolatesIngress = true,
            IngressDeny = [Rule(TrafficDirection.Ingress, 1, new SelectorPeer(Pods("monitoring")))],
        };
        var flow = TestFlows.PolicyVerdict(Prometheus, Backend, FlowDirection.Ingress, FlowVerdict.Dropped, 9090, dropReason: DropReasons.PolicyDeny);

        var result = SuggestionEngine.Suggest(Aggregate([flow], deny));

        Assert.Empty(result.Policies);
        Assert.Contains("cannot override a deny", Assert.Single(result.NotSuggested).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggestions_AreOrderedAndNamedDeterministically()
    {
        var flows = new[]
        {
            TestFlows.Dropped(Prometheus, Backend, FlowDirection.Ingress, 9090),
            TestFlows.Dropped(Frontend, Backend, FlowDirection.Egress, 8080),
            TestFlows.Dropped(Prometheus, Frontend, FlowDirection.Ingress, 9090),
        };

        var first = SuggestionEngine.Suggest(Aggregate(flows, DefaultDeny("production"))).Policies.Select(p => p.Name);
        var second = SuggestionEngine.Suggest(Aggregate(flows.Reverse(), DefaultDeny("production"))).Policies.Select(p => p.Name);

        Assert.Equal(["flowauditor-allow-backend-ingress", "flowauditor-allow-frontend-egress", "flowauditor-allow-frontend-ingress"], first);
        Assert.Equal(first, second);
    }
}
