using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Tests.Support;

namespace FlowAuditor.Core.Tests.Attribution;

public sealed class ConnectionDeduplicatorTests
{
    private static readonly Core.Endpoints.Endpoint A = TestPods.Make("ns", "a", address: "10.0.0.1");
    private static readonly Core.Endpoints.Endpoint B = TestPods.Make("ns", "b", address: "10.0.0.2");

    [Fact]
    public void PolicyVerdictDropEventAndRetransmittedSyns_CountAsOneConnection()
    {
        var dedup = new ConnectionDeduplicator(TimeSpan.FromSeconds(10));
        var attempt = TestFlows.Dropped(A, B, FlowDirection.Ingress, 80);
        var retransmit1 = TestFlows.Dropped(A, B, FlowDirection.Ingress, 80, seconds: 1);
        var retransmit2 = TestFlows.Dropped(A, B, FlowDirection.Ingress, 80, seconds: 3);

        var news = new[] { attempt, TestFlows.DropEvent(attempt), retransmit1, TestFlows.DropEvent(retransmit1), retransmit2 }
            .Count(f => dedup.IsNewConnection(f, FlowClass.PolicyDenied));

        Assert.Equal(1, news);
    }

    [Fact]
    public void NewSourcePort_IsANewConnectionAttempt()
    {
        var dedup = new ConnectionDeduplicator(TimeSpan.FromSeconds(10));

        Assert.True(dedup.IsNewConnection(TestFlows.Dropped(A, B, FlowDirection.Ingress, 80, sourcePort: 40000), FlowClass.PolicyDenied));
        Assert.True(dedup.IsNewConnection(TestFlows.Dropped(A, B, FlowDirection.Ingress, 80, seconds: 0.5, sourcePort: 40001), FlowClass.PolicyDenied));
    }

    [Fact]
    public void SameTupleAfterTheWindow_CountsAgain()
    {
        var dedup = new ConnectionDeduplicator(TimeSpan.FromSeconds(10));

        Assert.True(dedup.IsNewConnection(TestFlows.Dropped(A, B, FlowDirection.Ingress, 53), FlowClass.PolicyDenied));
        Assert.False(dedup.IsNewConnection(TestFlows.Dropped(A, B, FlowDirection.Ingress, 53, seconds: 9), FlowClass.PolicyDenied));
        Assert.True(dedup.IsNewConnection(TestFlows.Dropped(A, B, FlowDirection.Ingress, 53, seconds: 30), FlowClass.PolicyDenied));
    }

    [Fact]
    public void RepeatsDoNotSlideTheWindow_ASteadyTupleCountsOncePerWindow()
    {
        var dedup = new ConnectionDeduplicator(TimeSpan.FromSeconds(10));

        // One event a second for a minute: attempts start at 0, 10, 20, 30, 40 and 50 s.
        var news = Enumerable.Range(0, 60)
            .Where(second => dedup.IsNewConnection(TestFlows.Dropped(A, B, FlowDirection.Ingress, 80, seconds: second), FlowClass.PolicyDenied))
            .ToList();

        Assert.Equal([0, 10, 20, 30, 40, 50], news);
    }
}
