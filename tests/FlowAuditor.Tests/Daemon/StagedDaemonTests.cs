using System.Text.Json;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// Staged changes in the daemon: a StagedPolicy created through the (fake) Kubernetes API shows up in
/// /api/v1/staged and in the metrics, measured on the example's replayed traffic; <c>--staged-dir</c> with a verdict
/// filter says loudly that would-deny cannot be computed.
/// </summary>
public sealed class StagedDaemonTests
{
    private const string DeleteFrontendEgress = """
        {"apiVersion":"flowauditor.io/v1alpha1","kind":"StagedPolicy","metadata":{"name":"drop-frontend-egress","namespace":"production"},
         "spec":{"action":"delete","policy":{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"allow-frontend-egress"}}}}
        """;

    private const string AllowScrape = """
        {"apiVersion":"flowauditor.io/v1alpha1","kind":"StagedPolicy","metadata":{"name":"open-scrape","namespace":"production"},
         "spec":{"action":"set","policy":{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"allow-prometheus-scrape"},
           "spec":{"podSelector":{"matchLabels":{"app":"backend"}},"policyTypes":["Ingress"],
             "ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}},
                                  "podSelector":{"matchLabels":{"app.kubernetes.io/name":"prometheus"}}}],
                         "ports":[{"protocol":"TCP","port":9090}]}]}}}}
        """;

    [Fact]
    public async Task StagedPolicy_CreatedThroughTheApi_ShowsUpInTheStagedApi_AndInTheMetrics()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        await using var daemon = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:Follow", "false")));
        await daemon.DrainedAsync();
        var (_, empty) = await StagedAsync(daemon);
        Assert.Equal(0, empty.GetProperty("staged").GetArrayLength());

        world.Api.Apply(DeleteFrontendEgress);
        world.Api.Apply(AllowScrape);

        var staged = await Eventually.Value(async () => (await StagedAsync(daemon)).Body, b => b.GetProperty("staged").GetArrayLength() == 2, "both staged policies are measured");
        Assert.True(staged.GetProperty("forwardedFlowsSeen").GetBoolean());
        Assert.Equal(JsonValueKind.Null, staged.GetProperty("warning").ValueKind);
        var byPolicy = staged.GetProperty("staged").EnumerateArray().ToDictionary(s => s.GetProperty("policy").GetString()!, s => (s.GetProperty("action").GetString(), s.GetProperty("wouldDeny").GetInt64(), s.GetProperty("wouldAllow").GetInt64()));
        Assert.Equal(("delete", 14L, 0L), byPolicy["production/allow-frontend-egress"]);
        Assert.Equal(("set", 0L, 20L), byPolicy["production/allow-prometheus-scrape"]);
        var combined = staged.GetProperty("stagedCombined");
        Assert.Equal((14, 20), (combined.GetProperty("wouldDeny").GetInt64(), combined.GetProperty("wouldAllow").GetInt64()));

        var metrics = await daemon.ScrapeAsync();
        Assert.Equal(14, metrics.Single("flowauditor_staged_would_deny_total",
            ("policy", "production/allow-frontend-egress"), ("kind", "NetworkPolicy"), ("namespace", "production"), ("workload", "frontend"), ("direction", "egress")));
        Assert.Equal(20, metrics.Single("flowauditor_staged_would_allow_total",
            ("policy", "production/allow-prometheus-scrape"), ("namespace", "production"), ("workload", "backend"), ("direction", "ingress")));
        Assert.Equal(14, metrics.Sum("flowauditor_staged_would_deny_total"));

        // Readiness, one definition for the API and the metric: the staged deletion keeps production from ready.
        var (_, readinessBody) = await daemon.GetAsync("/api/v1/readiness");
        using var readiness = JsonDocument.Parse(readinessBody);
        var production = readiness.RootElement.GetProperty("readiness").EnumerateArray().Single(n => n.GetProperty("namespace").GetString() == "production");
        Assert.False(production.GetProperty("ready").GetBoolean());
        Assert.Contains("staged NetworkPolicy 'production/allow-frontend-egress' would deny 14 attempt(s)", production.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, metrics.Single("flowauditor_namespace_enforce_ready", ("namespace", "production")));

        // Unstaged again: its series goes, the other stays.
        world.Api.Delete("StagedPolicy", "drop-frontend-egress", "production");
        await Eventually.Value(async () => (await StagedAsync(daemon)).Body, b => b.GetProperty("staged").GetArrayLength() == 1, "the deleted staged policy is gone");
        var after = await daemon.ScrapeAsync();
        Assert.Equal(0, after.Sum("flowauditor_staged_would_deny_total"));
        Assert.Equal(20, after.Sum("flowauditor_staged_would_allow_total"));
    }

    [Fact]
    public async Task StagedDir_WithAVerdictFilter_SaysWouldDenyCannotBeComputed_AndStillMeasuresWouldAllow()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        await using var daemon = await RunningDaemon.StartAsync(world.Settings(
            ("FlowAuditor:Follow", "false"),
            ("FlowAuditor:StagedDir", Path.Combine(ThreeTierExample.Directory, "staged")),
            ("FlowAuditor:Verdicts:0", "DROPPED"),
            ("FlowAuditor:Verdicts:1", "AUDIT")));
        await daemon.DrainedAsync();

        var staged = await Eventually.Value(async () => (await StagedAsync(daemon)).Body, b => b.GetProperty("staged").GetArrayLength() == 4, "the staged directory is loaded");

        Assert.False(staged.GetProperty("forwardedFlowsSeen").GetBoolean());
        Assert.Contains("would-deny cannot be computed", staged.GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 20), (staged.GetProperty("stagedCombined").GetProperty("wouldDeny").GetInt64(), staged.GetProperty("stagedCombined").GetProperty("wouldAllow").GetInt64()));
    }

    private static async Task<(int Status, JsonElement Body)> StagedAsync(RunningDaemon daemon)
    {
        var (status, body) = await daemon.GetAsync("/api/v1/staged");
        Assert.True(status == 200, body);
        using var document = JsonDocument.Parse(body);
        return (status, document.RootElement.Clone());
    }
}
