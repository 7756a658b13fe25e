using System.Text.Json;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// A policy deleted from <c>--policies-dir</c> while a looping stream keeps the daemon busy: the snapshot that drops
/// it re-attributes everything already aggregated, so neither <c>/api/v1/report</c> nor <c>/metrics</c> names it once
/// the new revision is in force; its old rows show as resolved, and audits Hubble still reports become unexplained.
/// </summary>
public sealed class PolicyRemovalTests
{
    private const string Removed = "reporting/default-deny-egress";

    [Fact]
    public async Task A_deleted_policy_leaves_the_report_and_the_metrics_with_the_snapshot_that_removes_it()
    {
        using var policies = new ScratchDirectory();
        foreach (var file in Directory.GetFiles(ThreeTierExample.Manifests, "*.yaml"))
        {
            File.Copy(file, policies.File(Path.GetFileName(file)));
        }

        await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", Loop = true, Rate = 500 }, await ThreeTierExample.RecordsAsync());
        var hubble = await replay.StartAsync();
        await using var daemon = await RunningDaemon.StartAsync(new Dictionary<string, string?>
        {
            ["FlowAuditor:HubbleAddress"] = hubble,
            ["FlowAuditor:PoliciesDir"] = policies.Path,
        });
        await daemon.WaitForPoliciesAsync();
        await Eventually.Value(
            daemon.ScrapeAsync,
            m => m.Where("flowauditor_policy_denials_total", ("policy", Removed)).Any(s => s.Value > 0),
            $"denials attributed to {Removed} are counted");
        var before = await daemon.ReportAsync();
        Assert.Contains(Removed, before.GetRawText(), StringComparison.Ordinal);

        var revision = daemon.State.PolicyRevision;
        File.Delete(policies.File("reporting-policies.yaml"));
        await Eventually.Until(() => daemon.State.PolicyRevision > revision, "the snapshot without the policy is applied");
        var current = daemon.State.PolicyRevision;

        var metrics = await daemon.ScrapeAsync();
        Assert.DoesNotContain(Removed, metrics.Text, StringComparison.Ordinal);
        Assert.True(metrics.Sum("flowauditor_policy_denials_total", ("namespace", "production")) > 0, "other policies' series stay");
        var report = await daemon.ReportAsync();
        Assert.DoesNotContain(Removed, report.GetRawText(), StringComparison.Ordinal);
        Assert.All(Rows(report), row => Assert.True(row.GetProperty("policyRevision").GetInt64() >= current, row.GetRawText()));

        // Re-attributed: resolved (the fix landed), or already unexplained when the loop replayed an AUDIT of that row
        // between the change and this read (the deterministic resolved-then-unexplained sequence is a Core test).
        Assert.All(
            Rows(report).Where(row => row.GetProperty("namespace").GetString() == "reporting" && row.GetProperty("direction").GetString() == "egress"),
            row => Assert.Contains(row.GetProperty("outcome").GetString(), new[] { "resolved", "unexplained" }));

        // The loop keeps replaying the capture's AUDIT verdicts: Hubble still denies what the policies now allow.
        var later = await Eventually.Value(
            daemon.ReportAsync,
            r => Rows(r).Any(row => row.GetProperty("namespace").GetString() == "reporting" && row.GetProperty("outcome").GetString() == "unexplained"),
            "an audit after the change is unexplained");
        Assert.DoesNotContain(Removed, later.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Removed, (await daemon.ScrapeAsync()).Text, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Rows(JsonElement report) => report.GetProperty("denied").EnumerateArray();
}
