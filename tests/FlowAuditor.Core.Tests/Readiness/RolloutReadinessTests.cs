using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Readiness;
using FlowAuditor.Core.Staging;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Readiness;

public sealed class RolloutReadinessTests
{
    private static readonly Endpoint Report = TestPods.Make("reporting", "report-api", address: "10.0.1.1");
    private static readonly Endpoint Dns = TestPods.Make("kube-system", "coredns", address: "10.0.9.9");
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend", address: "10.0.0.1");
    private static readonly Endpoint Backend = TestPods.Make("production", "backend", address: "10.0.0.2");

    [Fact]
    public void EachConditionIsAReason_AndANamespaceWithNoneIsReady()
    {
        var policies = new PolicySet([DefaultDeny("reporting", ingress: false)]);
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(policies)));
        session.Observe(TestFlows.PolicyVerdict(Report, Dns, FlowDirection.Egress, FlowVerdict.Audit, 53));
        // Hubble drops what the loaded policies allow: unexplained.
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 8080, seconds: 1, sourcePort: 40001));
        var report = session.BuildReport(policies, ClusterModel.Empty, new SuggestionOptions());
        var key = Aggregation.DeniedTrafficAggregator.KeyOf(Frontend, Backend, TrafficDirection.Egress, Core.Ports.Protocol.TCP, 8080);
        var change = StagedChange.Delete(new PolicyRef(PolicyKind.NetworkPolicy, "production", "allow-frontend-egress"));
        var staged = new StagedImpact(
            [new StagedChangeImpact(change, 3, 0, [new StagedExample(StagedEffect.WouldDeny, key, 3, new DirectionVerdict(TrafficDirection.Egress, false))])],
            new StagedChangeImpact(null, 3, 0, []));

        var verdicts = RolloutReadiness.Evaluate(["reporting", "production", "kube-system", "production"], new HashSet<string> { "reporting" }, report, staged, DateTimeOffset.MinValue);

        Assert.Equal(
            [
                ("kube-system", "ready"),
                ("production", "not ready: staged NetworkPolicy 'production/allow-frontend-egress' would deny 3 attempt(s); 1 unexplained denial(s)"),
                ("reporting", "not ready: AUDIT not quiet for the quiet window; 1 suggestion(s) pending"),
            ],
            verdicts.Select(v => (v.Namespace, v.Text)));
        Assert.True(verdicts[0].Ready);
    }

    [Fact]
    public void ANamespaceObservedForLessThanTheWindow_IsNotReadyYet_AndSaysWhy()
    {
        var report = new AuditSession(new FlowAttributor(new PolicyEvaluator(PolicySet.Empty))).BuildReport(PolicySet.Empty, ClusterModel.Empty, new SuggestionOptions());

        var verdicts = RolloutReadiness.Evaluate(["monitoring", "production"], new HashSet<string>(), report, StagedImpact.None, DateTimeOffset.MinValue, new HashSet<string> { "monitoring" });

        Assert.Equal(
            [("monitoring", "not ready: observed for less than the quiet window (no AUDIT verdict so far)"), ("production", "ready")],
            verdicts.Select(v => (v.Namespace, v.Text)));
    }

    [Fact]
    public void UnexplainedDenialsBeforeTheQuietWindow_NoLongerCount()
    {
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(PolicySet.Empty)));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 8080));
        var report = session.BuildReport(PolicySet.Empty, ClusterModel.Empty, new SuggestionOptions());

        var verdict = Assert.Single(RolloutReadiness.Evaluate(["production"], new HashSet<string>(), report, StagedImpact.None, TestFlows.T0.AddMinutes(1)));

        Assert.True(verdict.Ready);
    }
}
