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

/// <summary>Lateral moves marked for review (and left out when safe), and the namespace-wide DNS policy.</summary>
public sealed class SuggestionReviewTests
{
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend", labels: [("app", "frontend")]);
    private static readonly Endpoint Backend = TestPods.Make("production", "backend", labels: [("app", "backend")]);
    private static readonly Endpoint Database = TestPods.Make("production", "database", "StatefulSet", labels: [("app", "database")]);
    private static readonly Endpoint KubeDns = TestPods.Make("kube-system", "coredns", labels: [("k8s-app", "kube-dns")]);

    // The database admits 5432 only from the backend.
    private static readonly Policy BackendToDatabase = AllowIngress("production", "allow-backend-to-database", Pods("production", ("app", "database")),
        Rule(TrafficDirection.Ingress, 1, new SelectorPeer(Pods("production", ("app", "backend"))), Tcp(5432)));

    private static IReadOnlyList<AggregateEntry> Aggregate(IEnumerable<FlowRecord> flows, params Policy[] policies) => TestAggregates.Of(flows, policies);

    [Fact]
    public void PortAdmittedOnlyForAnotherPeer_IsMarkedWithTheRuleItContradicts()
    {
        var entries = Aggregate([TestFlows.Dropped(Frontend, Database, FlowDirection.Ingress, 5432)], DefaultDeny("production"), BackendToDatabase);

        var policy = Assert.Single(SuggestionEngine.Suggest(entries).Policies);

        Assert.Equal(["contradicts NetworkPolicy production/allow-backend-to-database rule #1, which admits only app=backend in namespace production"], policy.Reviews);
    }

    [Fact]
    public void PortNoRuleAdmits_IsAGapNotALateralMove()
    {
        var entries = Aggregate([TestFlows.Dropped(Frontend, Database, FlowDirection.Ingress, 6432)], DefaultDeny("production"), BackendToDatabase);

        Assert.Empty(Assert.Single(SuggestionEngine.Suggest(entries).Policies).Reviews);
    }

    [Fact]
    public void Safe_LeavesOutTheContradictingSuggestion_AndSaysWhy()
    {
        var entries = Aggregate(
            [TestFlows.Dropped(Frontend, Database, FlowDirection.Ingress, 5432), TestFlows.Dropped(Frontend, Database, FlowDirection.Ingress, 6432, sourcePort: 40001)],
            DefaultDeny("production"), BackendToDatabase);

        var set = SuggestionEngine.Suggest(entries, new SuggestionOptions { Safe = true });

        var policy = Assert.Single(set.Policies);
        Assert.Equal(6432, Assert.Single(Assert.Single(policy.Rules).Ports).Port);
        var left = Assert.Single(set.NotSuggested);
        Assert.Equal(5432, left.Key.Port);
        Assert.StartsWith("left out by --suggest-safe: review: contradicts NetworkPolicy production/allow-backend-to-database rule #1", left.Reason, StringComparison.Ordinal);
        Assert.Contains(new ConnectionRef(WorkloadIdentity.Of(Frontend), WorkloadIdentity.Of(Database), Protocol.TCP, 5432), set.LeftOut);
    }

    [Fact]
    public void DnsInAFullyEgressIsolatedNamespace_IsOneNamespaceWidePolicy()
    {
        var entries = Aggregate(
            [TestFlows.Dropped(Frontend, KubeDns, FlowDirection.Egress, 53), TestFlows.Dropped(Backend, KubeDns, FlowDirection.Egress, 53, sourcePort: 40001)],
            DefaultDeny("production"));

        var set = SuggestionEngine.Suggest(entries, new SuggestionOptions { EgressIsolatedNamespaces = new HashSet<string> { "production" } });

        var policy = Assert.Single(set.Policies);
        Assert.Equal(("flowauditor-allow-dns", true), (policy.Name, policy.NamespaceWide));
        Assert.Empty(policy.SubjectLabels);
        Assert.Equal(2, policy.Covers.Count);
        Assert.Equal([(Protocol.TCP, 53), (Protocol.UDP, 53)], Assert.Single(policy.Rules).Ports.Select(p => (p.Protocol, p.Port)));
    }

    [Fact]
    public void DnsInANamespaceNotWhollyIsolated_StaysPerWorkload()
    {
        // A podSelector: {} egress policy would newly isolate the namespace's other pods.
        var entries = Aggregate([TestFlows.Dropped(Frontend, KubeDns, FlowDirection.Egress, 53)], DefaultDeny("production"));

        var policy = Assert.Single(SuggestionEngine.Suggest(entries).Policies);

        Assert.Equal(("flowauditor-allow-frontend-egress", false), (policy.Name, policy.NamespaceWide));
        Assert.NotEmpty(policy.SubjectLabels);
    }

    [Fact]
    public void FullyIsolatedNamespaces_NeedsAPolicyIsolatingEgressOfEveryPodThere()
    {
        var onlyFrontend = AllowEgress("production", "frontend", Pods("production", ("app", "frontend")));

        Assert.Equal(["production"], EgressIsolation.FullyIsolatedNamespaces(new PolicySet([DefaultDeny("production"), onlyFrontend])));
        Assert.Empty(EgressIsolation.FullyIsolatedNamespaces(new PolicySet([onlyFrontend, DefaultDeny("production", egress: false)])));
    }
}
