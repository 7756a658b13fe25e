using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Attribution;

public sealed class AuditSessionTests
{
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend", address: "10.0.0.1");
    private static readonly Endpoint Database = TestPods.Make("production", "database", "StatefulSet", address: "10.0.0.3");
    private static readonly Endpoint Backend = TestPods.Make("production", "backend", address: "10.0.0.2");

    private static AuditSession Session(params Policy[] policies) =>
        new(new FlowAttributor(new PolicyEvaluator(new PolicySet(policies))));

    private static FlowRecord Trace(Endpoint source, Endpoint destination, int port, double seconds, int sourcePort) => new()
    {
        Source = source,
        Destination = destination,
        Time = TestFlows.T0.AddSeconds(seconds),
        Verdict = FlowVerdict.Forwarded,
        EventType = FlowEventTypes.Trace,
        IsReply = false,
        Protocol = Protocol.TCP,
        TcpSyn = true,
        SourcePort = sourcePort,
        DestinationPort = port,
    };

    [Fact]
    public void AuditVerdictFollowedByForwardedTraces_IsAuditModeWorking_NotAFailureToEnforce()
    {
        var session = Session(DefaultDeny("production"));

        session.Observe(TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Egress, FlowVerdict.Audit, 8080, sourcePort: 41000));
        session.Observe(Trace(Frontend, Backend, 8080, 0.001, 41000));

        Assert.Equal(0, session.Counters.ConnectionsOf(AttributionOutcome.NotEnforced));
        Assert.Equal(1, session.Counters.AuditModeForwards);
        Assert.Equal(AttributionOutcome.DefaultDeny, Assert.Single(session.Aggregator.Snapshot(), e => e.Key.Direction == TrafficDirection.Egress).Attribution.Outcome);
    }

    [Fact]
    public void ForwardedTraceWithoutAnAuditVerdict_ThatPolicyDenies_IsNotEnforced()
    {
        var session = Session(DefaultDeny("production"));

        session.Observe(Trace(Frontend, Backend, 8080, 0, 41000));

        Assert.Equal(1, session.Counters.ConnectionsOf(AttributionOutcome.NotEnforced));
    }

    [Fact]
    public void EgressDropBetweenPods_PredictsTheDestinationsIngressDenial_AndSuggestionsAdmitTheWholeConnection()
    {
        var policies = new PolicySet([DefaultDeny("production")]);
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(policies)));

        session.Observe(TestFlows.Dropped(Frontend, Database, FlowDirection.Egress, 5432));
        var report = session.BuildReport(policies, ClusterModel.Empty, new SuggestionOptions());

        var predicted = Assert.Single(report.Denied, e => e.Key.Direction == TrafficDirection.Ingress);
        Assert.Equal((1L, 0L), (predicted.Predicted, predicted.Dropped));
        Assert.True(predicted.Attribution.Predicted);
        Assert.Equal(["flowauditor-allow-database-ingress", "flowauditor-allow-frontend-egress"], report.Suggestions.Policies.Select(p => p.Name));
        Assert.True(report.Verification.Succeeded);
    }

    [Fact]
    public void VerificationReplaysWholeConnections_SoAnEgressOnlyFixIsStillDeniedAtIngress()
    {
        var policies = new PolicySet([DefaultDeny("production")]);
        var egressOnly = SuggestionEngine.Suggest([]).Policies;
        var item = new ReplayItem(Frontend, Database, TrafficDirection.Egress, Protocol.TCP, 5432);

        var result = SuggestionVerifier.Verify(policies, egressOnly, [item], []);

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void VerdictAndDropEventsAndRetransmits_OfOneAttempt_CountAsOneAttempt()
    {
        var session = Session(DefaultDeny("production"));
        var attempt = TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090);

        session.Observe(attempt);
        session.Observe(TestFlows.DropEvent(attempt));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 1));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 2, sourcePort: 40001));

        Assert.Equal(2, session.Counters.Attempts);
        Assert.Equal(2, session.Counters.ConnectionsOf(AttributionOutcome.DefaultDeny));
        Assert.Equal(2, session.Counters.RepeatedEvents);
    }

    [Fact]
    public void ATupleDeniedEverySecondForFiveMinutes_CountsAnAttemptPerWindow_AndKeepsItsLastSeenCurrent()
    {
        var session = Session(DefaultDeny("production"));

        for (var second = 0; second < 300; second++)
        {
            session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: second));
        }

        Assert.Equal(30, session.Counters.Attempts);
        Assert.Equal(270, session.Counters.RepeatedEvents);
        var entry = Assert.Single(session.Aggregator.Snapshot());
        Assert.Equal(30, entry.Dropped);
        Assert.Equal(TestFlows.T0, entry.FirstSeen);
        Assert.Equal(TestFlows.T0.AddSeconds(299), entry.LastSeen);
    }

    [Fact]
    public void AFlowMissingAnEndpoint_IsCountedIncomplete_NeverWorld_AndDoesNotAbsorbTheRealAttempt()
    {
        var session = Session(DefaultDeny("production"));
        var unknown = new Endpoint(EndpointKind.World, Endpoint.ForEntity(EndpointKind.World).Labels) { Address = Frontend.Address, IsIncomplete = true };

        session.Observe(TestFlows.Dropped(unknown, Backend, FlowDirection.Ingress, 9090));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 0.5));

        Assert.Equal(1, session.Counters.Incomplete);
        Assert.Equal(1, session.Counters.Attempts);
        Assert.Equal(1, session.Counters.ConnectionsOf(AttributionOutcome.DefaultDeny));
        Assert.Equal(0, session.Counters.RepeatedEvents);
        var entry = Assert.Single(session.Aggregator.Snapshot());
        Assert.Equal("production/frontend[Deployment]", entry.Key.Peer);
        Assert.Equal(1, entry.Dropped);
    }

    [Fact]
    public void ASnapshot_IsFrozen_LaterFlowsDoNotChangeIt()
    {
        var session = Session(DefaultDeny("production"));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090));
        var snapshot = session.Snapshot();

        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 20));
        session.Observe(TestFlows.Dropped(Frontend, Database, FlowDirection.Ingress, 5432, seconds: 21));

        Assert.Equal(1, snapshot.Counters.Attempts);
        var row = Assert.Single(snapshot.Denied);
        Assert.Equal((1, TestFlows.T0), (row.Dropped, row.LastSeen));
        Assert.Single(snapshot.Replay);
        Assert.Equal(3, session.Counters.Attempts);
        Assert.Equal(2, session.Aggregator.Snapshot().Count);
    }

    [Fact]
    public void APolicyChange_ReattributesAggregatedRows_ResolvedUntilHubbleDeniesAgain()
    {
        var isolating = DefaultDeny("production", name: "isolate-backend");
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(new PolicySet([isolating], revision: 1))));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090));
        Assert.Equal((AttributionOutcome.DefaultDeny, 1L), Outcome(session));

        // The isolating policy is deleted: the row names no policy, and the fix is shown as landed.
        session.UsePolicies(new FlowAttributor(new PolicyEvaluator(new PolicySet([], revision: 2))));
        var resolved = Assert.Single(session.Aggregator.Snapshot());
        Assert.Equal((AttributionOutcome.Resolved, 2L), Outcome(session));
        Assert.Empty(resolved.Attribution.Verdict.IsolatedBy);
        Assert.Empty(resolved.Attribution.Verdict.Denials);
        Assert.Equal(1, resolved.Dropped);

        // Hubble still drops it after the change: now it is unexplained, judged under revision 2.
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 30));
        Assert.Equal((AttributionOutcome.Unexplained, 2L), Outcome(session));

        // Isolated again by another policy: default deny, naming the new one only.
        session.UsePolicies(new FlowAttributor(new PolicyEvaluator(new PolicySet([DefaultDeny("production", name: "deny-all")], revision: 3))));
        Assert.Equal((AttributionOutcome.DefaultDeny, 3L), Outcome(session));
        Assert.Equal(["production/deny-all"], Assert.Single(session.Aggregator.Snapshot()).Attribution.Verdict.IsolatedBy.Select(p => p.QualifiedName));
    }

    [Fact]
    public void AResolvedRow_DeniedAgainWithinTheSameAttempt_IsUnexplained()
    {
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(new PolicySet([DefaultDeny("production")], revision: 1))));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090));
        session.UsePolicies(new FlowAttributor(new PolicyEvaluator(new PolicySet([], revision: 2))));

        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 1));

        Assert.Equal((AttributionOutcome.Unexplained, 2L), Outcome(session));
        Assert.Equal(1, session.Counters.RepeatedEvents);
    }

    private static (AttributionOutcome, long) Outcome(AuditSession session)
    {
        var row = Assert.Single(session.Aggregator.Snapshot());
        return (row.Attribution.Outcome, row.Attribution.PolicyRevision);
    }

    [Fact]
    public void ARestoredSummary_AddsToWhatTheSessionCounts()
    {
        var before = Session(DefaultDeny("production"));
        before.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090));
        before.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 1));
        var stored = before.Counters.ToSummary();

        var after = Session(DefaultDeny("production"));
        after.RestoreSummary(stored);
        after.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090, seconds: 60));

        Assert.Equal((3L, 2L, 1L), (after.Counters.Events, after.Counters.Attempts, after.Counters.RepeatedEvents));
        Assert.Equal(2, after.Counters.ConnectionsOf(AttributionOutcome.DefaultDeny));
        Assert.Equal(3, after.Counters.EventsOf(FlowClass.PolicyDenied));
    }

    [Fact]
    public void RemotePodWithoutWorkloads_IsGroupedWithTheSameWorkloadSeenLocally()
    {
        var session = Session(DefaultDeny("production"));
        var local = TestPods.Make("monitoring", "prometheus-k8s", "StatefulSet", address: "10.0.9.1");
        var remote = new Endpoint(local.Kind, local.Labels) { Namespace = local.Namespace, Name = local.Name, Address = local.Address };

        session.Observe(TestFlows.Dropped(local, Backend, FlowDirection.Ingress, 9090, sourcePort: 1));
        session.Observe(TestFlows.Dropped(remote, Backend, FlowDirection.Ingress, 9090, seconds: 20, sourcePort: 2));

        var entry = Assert.Single(session.Aggregator.Snapshot());
        Assert.Equal("monitoring/prometheus-k8s[StatefulSet]", entry.Key.Peer);
        Assert.Equal(2, entry.Dropped);
    }
}
