using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The daemon's watch falls behind etcd's compacted history: resuming it gets 410 Gone, the informer lists again,
/// and a change made while it was cut off is in the next snapshot.
/// </summary>
public sealed class WatchExpiryTests
{
    [Fact]
    public async Task A_410_Gone_on_resume_makes_the_daemon_relist_and_the_change_missed_meanwhile_is_applied()
    {
        await using var world = await ExampleEnvironment.StartAsync(manualRelease: true);
        await using var daemon = await RunningDaemon.StartAsync(world.Settings());
        await daemon.WaitForPoliciesAsync();
        await daemon.WaitForStreamAsync();
        await Eventually.Until(() => world.Api.OpenWatchCount("NetworkPolicy") == 1, "the NetworkPolicy watch is open");
        var lists = world.Api.ListCount("NetworkPolicy");
        var revision = daemon.State.PolicyRevision;

        // Cut off: the watch ends and cannot resume until the history it needs is gone.
        world.Api.PauseWatches();
        world.Api.Apply(PrometheusScrapes.AllowPolicy);
        world.Api.Delete("NetworkPolicy", "default-deny-egress", "reporting");
        world.Api.ExpireHistory();
        world.Api.ResumeWatches();

        await Eventually.Until(() => world.Api.ListCount("NetworkPolicy") > lists, "the NetworkPolicy informer relists after 410 Gone");
        var metrics = await Eventually.Value(
            daemon.ScrapeAsync,
            m => m.Single("flowauditor_policy_revision") > revision && m.Single("flowauditor_policies_loaded", ("kind", "NetworkPolicy")) == ThreeTierExample.NetworkPolicies,
            "the relisted snapshot (one added, one deleted) is applied");
        Assert.Equal(1, metrics.Single("flowauditor_policy_source_ready"));

        // The snapshot is the relisted one: the scrapes are admitted, reporting's egress is no longer isolated.
        world.Replay.Release(ThreeTierExample.Records);
        await Eventually.Until(() => daemon.Progress.AttributedCount == ThreeTierExample.Records, "the capture is attributed");
        var after = await daemon.ScrapeAsync();
        Assert.Equal(PrometheusScrapes.Attempts, after.Single("flowauditor_unexplained_drops_total", ("namespace", "production"), ("direction", "ingress")));
        Assert.Equal(0, after.Sum("flowauditor_denied_connections_total", ("namespace", "reporting")));
        Assert.Equal(0, after.Sum("flowauditor_denied_connections_total", ("workload", "backend"), ("direction", "ingress")));
    }
}
