using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// A policy added through the Kubernetes watch changes attribution live: Prometheus' scrapes are "default deny"
/// before it, and once the loaded policies admit them, drops Hubble still reports become "unexplained" (the policy
/// is not in force on the node yet, or something else drops them) — no restart, no relist.
/// </summary>
public sealed class LivePolicyChangeTests
{
    [Fact]
    public async Task A_NetworkPolicy_added_through_the_watch_turns_later_drops_from_default_deny_into_unexplained()
    {
        await using var world = await ExampleEnvironment.StartAsync(manualRelease: true);
        await using var daemon = await RunningDaemon.StartAsync(world.Settings());
        await daemon.WaitForPoliciesAsync();
        await daemon.WaitForStreamAsync();
        var records = await ThreeTierExample.RecordsAsync();
        var half = PrometheusScrapes.Attempts / 2;
        var split = PrometheusScrapes.StartOfAttempt(records, half);

        world.Replay.Release(split);
        await Eventually.Until(() => daemon.Progress.AttributedCount == split, "the first half of the capture is attributed");
        var before = await daemon.ScrapeAsync();
        Assert.Equal(half, BackendScrapeDenials(before));
        Assert.Equal(0, before.Sum("flowauditor_unexplained_drops_total"));
        var (_, suggestedBefore) = await daemon.GetAsync("/api/v1/suggestions?namespace=production");
        Assert.Contains("9090", suggestedBefore, StringComparison.Ordinal);

        var revision = daemon.State.PolicyRevision;
        var lists = world.Api.ListCount("NetworkPolicy");
        world.Api.Apply(PrometheusScrapes.AllowPolicy);
        // A rebuild may come in between (coalesced list events of the informers), so wait for the snapshot that
        // holds the new policy rather than for any new revision.
        await Eventually.Until(() => daemon.State.PolicyRevision > revision, "a new snapshot is applied");
        var loaded = await daemon.ScrapeAsync();
        for (var tries = 0; loaded.Single("flowauditor_policies_loaded", ("kind", "NetworkPolicy")) < ThreeTierExample.NetworkPolicies + 1 && tries < 300; tries++)
        {
            await Task.Delay(100);
            loaded = await daemon.ScrapeAsync();
        }

        Assert.Equal(lists, world.Api.ListCount("NetworkPolicy"));
        Assert.Equal(ThreeTierExample.NetworkPolicies + 1, loaded.Single("flowauditor_policies_loaded", ("kind", "NetworkPolicy")));
        Assert.Equal(daemon.State.PolicyRevision, loaded.Single("flowauditor_policy_revision"));

        world.Replay.Release(records.Count - split);
        await Eventually.Until(() => daemon.Progress.AttributedCount == records.Count, "the rest of the capture is attributed");
        var after = await daemon.ScrapeAsync();
        Assert.Equal(half, BackendScrapeDenials(after));
        Assert.Equal(PrometheusScrapes.Attempts - half, after.Single("flowauditor_unexplained_drops_total", ("namespace", "production"), ("direction", "ingress")));
        Assert.Equal(PrometheusScrapes.Attempts - half, after.Sum("flowauditor_unexplained_drops_total"));

        // Everything else attributes as before the change.
        Assert.Equal(4 + 2 + 5 + 10 + 6, after.Sum("flowauditor_denied_connections_total") - half);

        var report = await daemon.ReportAsync();
        Assert.Equal(PrometheusScrapes.Attempts - half, report.GetProperty("summary").GetProperty("connections").GetProperty("unexplained").GetInt32());
        Assert.Equal(daemon.State.PolicyRevision, report.GetProperty("policyRevision").GetInt64());

        // The loaded policies now admit the scrapes: no suggestion for the backend's port 9090 any more.
        var (_, suggestedAfter) = await daemon.GetAsync("/api/v1/suggestions?namespace=production");
        Assert.DoesNotContain("9090", suggestedAfter, StringComparison.Ordinal);
    }

    private static double BackendScrapeDenials(PrometheusText metrics) =>
        metrics.Sum("flowauditor_denied_connections_total", ("namespace", "production"), ("workload", "backend"), ("direction", "ingress"));
}
