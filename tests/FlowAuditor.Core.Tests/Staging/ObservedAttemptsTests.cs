using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Staging;

public sealed class ObservedAttemptsTests
{
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend", address: "10.0.0.1");
    private static readonly Endpoint Backend = TestPods.Make("production", "backend", address: "10.0.0.2");

    private static AuditSession Session(int maxAggregates = 50_000) =>
        new(new FlowAttributor(new PolicyEvaluator(new PolicySet([DefaultDeny("production", egress: false)]))), new AuditOptions { MaxAggregates = maxAggregates });

    private static FlowRecord Forwarded(FlowDirection direction, double seconds, int sourcePort, Endpoint? source = null) =>
        TestFlows.PolicyVerdict(source ?? Frontend, Backend, direction, FlowVerdict.Forwarded, 8080, seconds: seconds, sourcePort: sourcePort);

    [Fact]
    public void ForwardedAttempt_ReportedAtBothEnds_IsOneAttempt_AndAllowedOnesAreKeptToo()
    {
        var session = Session();

        session.Observe(Forwarded(FlowDirection.Egress, 0, 41000));
        session.Observe(Forwarded(FlowDirection.Ingress, 0.001, 41000));
        session.Observe(Forwarded(FlowDirection.Egress, 5, 41001));

        var entry = Assert.Single(session.ObservedAttempts.Snapshot());
        Assert.Equal((2L, 0L), (entry.Attempts, entry.Denied));
        Assert.Equal((Frontend.Labels, Backend.Labels, Protocol.TCP, 8080), (entry.Source.Labels, entry.Destination.Labels, entry.Protocol, entry.Port));
    }

    [Fact]
    public void AuditVerdictThenForwardedTraces_IsOneDeniedAttempt_AndRetransmittedDropsCountOnce()
    {
        var session = Session();

        session.Observe(TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Egress, FlowVerdict.Audit, 8080, sourcePort: 41000));
        session.Observe(Forwarded(FlowDirection.Egress, 0.001, 41000));
        var drop = TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 8080, seconds: 0.002, sourcePort: 41002);
        session.Observe(drop);
        session.Observe(TestFlows.DropEvent(drop));
        session.Observe(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 8080, seconds: 1, sourcePort: 41002));

        var entry = Assert.Single(session.ObservedAttempts.Snapshot());
        Assert.Equal((2L, 2L), (entry.Attempts, entry.Denied));
    }

    [Fact]
    public void BeyondTheBound_NewGroupsAreCountedAsOverflow_AndTheBoundIsReported()
    {
        var session = Session(maxAggregates: 1);

        session.Observe(Forwarded(FlowDirection.Egress, 0, 41000));
        session.Observe(Forwarded(FlowDirection.Egress, 1, 41001, TestPods.Make("production", "worker", address: "10.0.0.9")));

        var attempts = session.ObservedAttempts;
        Assert.Equal((1, 1, 2L, 1L, true), (attempts.Keys, attempts.MaxKeys, attempts.Attempts, attempts.OverflowAttempts, attempts.BoundReached));
    }
}
