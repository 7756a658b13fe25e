using System.Text.Json;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// <c>--policies-dir</c> under live traffic: a non-atomic write first truncates the file. The daemon keeps that file's
/// last good policies until it loads again, so forwarded traffic the policies allow is never reported as
/// <c>not-enforced</c>, in the report or the metrics.
/// </summary>
public sealed class PolicyFileTruncationTests
{
    [Fact]
    public async Task A_policy_file_truncated_then_restored_never_produces_not_enforced_rows()
    {
        using var policies = new ScratchDirectory();
        foreach (var file in Directory.GetFiles(ThreeTierExample.Manifests, "*.yaml"))
        {
            File.Copy(file, policies.File(Path.GetFileName(file)));
        }

        // The production default-deny in one file, its allows in another: losing the allows alone makes allowed,
        // forwarded traffic look denied.
        var production = File.ReadAllText(policies.File("production-policies.yaml"));
        var split = production.IndexOf("\n---", production.IndexOf("name: default-deny-all", StringComparison.Ordinal), StringComparison.Ordinal);
        File.Delete(policies.File("production-policies.yaml"));
        policies.Write("production-deny.yaml", production[..split]);
        var allows = policies.Write("production-allows.yaml", production[(split + 1)..]);

        var records = await ThreeTierExample.RecordsAsync();
        await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", Loop = true, Rate = 2_000 }, records);
        var hubble = await replay.StartAsync();
        await using var daemon = await RunningDaemon.StartAsync(new Dictionary<string, string?>
        {
            ["FlowAuditor:HubbleAddress"] = hubble,
            ["FlowAuditor:PoliciesDir"] = policies.Path,

            // A pass of the capture at this rate lasts 0.28 s: each pass is new connection attempts, judged afresh.
            ["FlowAuditor:ConnectionWindowSeconds"] = "0.1",
        });
        await daemon.WaitForPoliciesAsync();
        await AttributedAnotherPassAsync(daemon, records.Count);
        Assert.Empty(NotEnforcedIn(await daemon.ReportAsync(), "production"));
        Assert.True(ThreeTierExample.NetworkPolicies <= (await daemon.ScrapeAsync()).Sum("flowauditor_policies_loaded"));

        await File.WriteAllTextAsync(allows, string.Empty);
        await Eventually.Until(
            async () => (await daemon.ScrapeAsync()).Sum("flowauditor_policy_source_rejected_inputs_total", ("source", "directory")) == 1,
            "the truncated file is rejected");
        await AttributedAnotherPassAsync(daemon, records.Count);
        var revision = daemon.State.PolicyRevision;

        await File.WriteAllTextAsync(allows, production[(split + 1)..]);
        await Eventually.Until(() => daemon.State.PolicyRevision > revision, "the restored file is loaded");
        await AttributedAnotherPassAsync(daemon, records.Count);

        Assert.Empty(NotEnforcedIn(await daemon.ReportAsync(), "production"));
        var metrics = await daemon.ScrapeAsync();
        Assert.Equal(0, metrics.Sum("flowauditor_not_enforced_total", ("namespace", "production")));
        Assert.Equal(1, metrics.Sum("flowauditor_policy_source_rejected_inputs_total", ("source", "directory")));
        Assert.True(metrics.Single("flowauditor_policy_source_last_sync_timestamp_seconds", ("source", "directory")) > 0);
    }

    private static List<string> NotEnforcedIn(JsonElement report, string ns) =>
        [.. report.GetProperty("denied").EnumerateArray()
            .Where(row => row.GetProperty("outcome").GetString() == "not-enforced" && row.GetProperty("namespace").GetString() == ns)
            .Select(row => $"{row.GetProperty("subject")} {row.GetProperty("direction")} {row.GetProperty("peer")}:{row.GetProperty("port")}")];

    // A whole pass of the looping capture attributed after this point, so every story was judged under current policies.
    private static async Task AttributedAnotherPassAsync(RunningDaemon daemon, int records)
    {
        var target = daemon.Progress.AttributedCount + (2 * records);
        await Eventually.Until(() => daemon.Progress.AttributedCount >= target, "another pass of the capture is attributed");
    }
}
