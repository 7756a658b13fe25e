using System.Text.Json;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Testing;
using FlowAuditor.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The whole daemon with real parts: the example capture served by the replay server over loopback gRPC, policies
/// listed and watched from an in-process Kubernetes API server through the real client (configured by a kubeconfig
/// file), and every answer read over real HTTP. Expected numbers come from the example's README.
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Example_capture_and_policies_from_the_API_server_give_the_READMEs_counts_over_HTTP()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        foreach (var obj in ThreeTierExample.ApiObjects())
        {
            api.Apply(obj);
        }

        await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", ManualRelease = true }, await ThreeTierExample.RecordsAsync());
        var hubble = await replay.StartAsync();
        using var scratch = new ScratchDirectory();
        var time = new ShiftableTime();
        await using var daemon = await RunningDaemon.StartAsync(
            new Dictionary<string, string?>
            {
                ["FlowAuditor:HubbleAddress"] = hubble,
                ["FlowAuditor:Kubeconfig"] = KubeconfigFile.Write(scratch.Path, api.Url),
                ["FlowAuditor:EnforceQuietMinutes"] = "60",
                ["FlowAuditor:SuggestionIntervalSeconds"] = "0.2",
            },
            services => services.AddSingleton<TimeProvider>(time));

        await daemon.WaitForPoliciesAsync();
        await daemon.WaitForStreamAsync();
        var ready = await daemon.GetAsync("/readyz");
        Assert.Equal((200, "policies: ready\nhubble: connected\n"), ready);

        // An hour passes with no traffic: namespaces that never see an AUDIT verdict are then enforce-ready.
        time.Advance(TimeSpan.FromMinutes(61));
        var released = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        replay.Release(ThreeTierExample.Records);
        await Eventually.Until(() => daemon.Progress.AttributedCount == ThreeTierExample.Records, "every served flow is attributed");

        var metrics = await daemon.ScrapeAsync();
        Assert.Equal(ThreeTierExample.Records, metrics.Sum("flowauditor_flows_total"));
        Assert.Equal(ThreeTierExample.Forwarded, metrics.Sum("flowauditor_flows_total", ("verdict", "forwarded")));
        Assert.Equal(ThreeTierExample.Dropped, metrics.Sum("flowauditor_flows_total", ("verdict", "dropped")));
        Assert.Equal(ThreeTierExample.Audited, metrics.Sum("flowauditor_flows_total", ("verdict", "audit")));

        // README "What a correct audit concludes", items 1-7, in connection attempts.
        AssertDenials(metrics, "production", "backend", "ingress", "dropped", 20);
        AssertDenials(metrics, "production", "backend", "egress", "dropped", 4);
        AssertDenials(metrics, "production", "frontend", "egress", "dropped", 2);
        AssertDenials(metrics, "production", "frontend", "ingress", "dropped", 5);
        AssertDenials(metrics, "reporting", "report-api", "egress", "audit", 5 + 5);
        AssertDenials(metrics, "reporting", "nightly-report", "egress", "audit", 3 + 3);
        Assert.Equal(20 + 4 + 2 + 5 + 10 + 6, metrics.Sum("flowauditor_denied_connections_total"));

        // Per policy: both policies isolating the backend count each of its 20 denied scrapes; summing over policy
        // double counts, which is why the policy-free total exists.
        foreach (var policy in new[] { "production/allow-frontend-to-backend", "production/default-deny-all" })
        {
            Assert.Equal(
                20,
                metrics.Single("flowauditor_policy_denials_total", ("namespace", "production"), ("workload", "backend"), ("direction", "ingress"), ("verdict", "dropped"),
                    ("policy", policy), ("policy_kind", "NetworkPolicy"), ("reason", "default-deny")));
        }

        Assert.Equal(40, metrics.Sum("flowauditor_policy_denials_total", ("namespace", "production"), ("workload", "backend"), ("direction", "ingress")));
        Assert.Equal(
            20,
            metrics.Single("flowauditor_denied_connections_total", ("namespace", "production"), ("workload", "backend"), ("direction", "ingress"), ("verdict", "dropped"), ("reason", "default-deny")));

        // Item 8: the one conntrack-full drop is counted, not attributed; nothing is unexplained or unenforced.
        Assert.Equal(1, metrics.Single("flowauditor_non_policy_drops_total", ("reason", "CT_MAP_INSERTION_FAILED")));
        Assert.Equal(0, metrics.Sum("flowauditor_unexplained_drops_total"));
        Assert.Equal(0, metrics.Sum("flowauditor_not_enforced_total"));

        Assert.Equal(ThreeTierExample.NetworkPolicies, metrics.Single("flowauditor_policies_loaded", ("kind", "NetworkPolicy")));
        Assert.Equal(0, metrics.Single("flowauditor_policies_loaded", ("kind", "CiliumNetworkPolicy")));
        Assert.Equal(0, metrics.Single("flowauditor_policies_loaded", ("kind", "CiliumClusterwideNetworkPolicy")));
        Assert.Equal(1, metrics.Single("flowauditor_policy_source_ready"));

        // Every namespace of the cluster has a policy count, including those without policies.
        Assert.Equal(ThreeTierExample.NetworkPolicies, metrics.Sum("flowauditor_namespace_policies"));
        Assert.Equal(0, metrics.Single("flowauditor_namespace_policies", ("namespace", "ingress-nginx")));
        Assert.True(metrics.Single("flowauditor_namespace_policies", ("namespace", "production")) > 0);
        Assert.Equal(1, metrics.Single("flowauditor_hubble_stream_up"));
        Assert.Equal(0, metrics.Sum("flowauditor_queue_overflow_total"));

        // Lag per node: the replay server rebased the capture so its newest flow (kind-worker2's) happened at start;
        // the daemon's clock is an hour ahead. kind-worker's newest flow is 3.0036 s older than kind-worker2's.
        var lagWorker = metrics.Single("flowauditor_stream_lag_seconds", ("node", "kind-worker"));
        var lagWorker2 = metrics.Single("flowauditor_stream_lag_seconds", ("node", "kind-worker2"));
        Assert.True(lagWorker2 >= TimeSpan.FromMinutes(61).TotalSeconds, $"lag {lagWorker2}");
        Assert.Equal(3.0036, lagWorker - lagWorker2, 0.001);
        Assert.InRange(metrics.Single("flowauditor_queue_high_water_mark"), 1, metrics.Single("flowauditor_queue_capacity"));

        // Reporting just logged AUDIT verdicts and production has suggestions pending; the others are ready.
        Assert.Equal(0, metrics.Single("flowauditor_namespace_enforce_ready", ("namespace", "reporting")));
        Assert.Equal(0, metrics.Single("flowauditor_namespace_enforce_ready", ("namespace", "production")));
        foreach (var ns in new[] { "monitoring", "kube-system", "ingress-nginx" })
        {
            Assert.Equal(1, metrics.Single("flowauditor_namespace_enforce_ready", ("namespace", ns)));
        }

        // The last AUDIT verdict is a timestamp (processing time), so Prometheus can take the max across nodes and restarts.
        Assert.InRange(metrics.Single("flowauditor_namespace_last_audit_timestamp_seconds", ("namespace", "reporting")), released, time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        Assert.Empty(metrics.Where("flowauditor_namespace_last_audit_timestamp_seconds", ("namespace", "production")));

        // Suggestions are recomputed periodically (and on every policy change), then published as gauges.
        var pending = await Eventually.Value(
            daemon.ScrapeAsync,
            m => m.Where("flowauditor_pending_suggestions").Count == 2,
            "suggestions for production and reporting are pending");
        Assert.True(pending.Single("flowauditor_pending_suggestions", ("namespace", "production")) > 0);
        Assert.True(pending.Single("flowauditor_pending_suggestions", ("namespace", "reporting")) > 0);

        var report = await daemon.ReportAsync();
        Assert.False(report.GetProperty("restoring").GetBoolean());
        Assert.Equal(ThreeTierExample.Records, report.GetProperty("summary").GetProperty("events").GetInt32());
        Assert.Equal(0, report.GetProperty("summary").GetProperty("connections").GetProperty("unexplained").GetInt32());
        var scrape = Denied(report, "production", "ingress", 9090);
        Assert.Equal(20, scrape.GetProperty("dropped").GetInt64());
        Assert.Equal("default-deny", scrape.GetProperty("outcome").GetString());
        Assert.Equal(4, Denied(report, "production", "egress", 443).GetProperty("dropped").GetInt64());
        Assert.Equal(2, Denied(report, "production", "egress", 5432).GetProperty("dropped").GetInt64());
        // The report's enforceReady is the one rollout-readiness definition, as the metric above: production has
        // suggestions pending, reporting is still audited.
        Assert.Equal(
            [("production", false), ("reporting", false)],
            report.GetProperty("namespaces").EnumerateArray()
                .Where(n => n.GetProperty("namespace").GetString() is "production" or "reporting")
                .Select(n => (n.GetProperty("namespace").GetString()!, n.GetProperty("enforceReady").GetBoolean())));

        foreach (var format in new[] { "networkpolicy", "cilium" })
        {
            var (status, yaml) = await daemon.GetAsync($"/api/v1/suggestions?format={format}");
            Assert.Equal(200, status);
            var loaded = ManifestLoader.LoadText(yaml, $"suggestions.{format}.yaml");
            Assert.DoesNotContain(loaded.Diagnostics, d => d.Severity == Severity.Error);
            Assert.NotEmpty(loaded.Policies.Policies);
        }

        var (productionStatus, productionOnly) = await daemon.GetAsync("/api/v1/suggestions?format=networkpolicy&namespace=production");
        Assert.Equal(200, productionStatus);
        Assert.All(ManifestLoader.LoadText(productionOnly, "production.yaml").Policies.Policies, p => Assert.Equal("production", p.Ref.Namespace));
        Assert.Equal(400, (await daemon.GetAsync("/api/v1/suggestions?format=xml")).Status);
    }

    private static void AssertDenials(PrometheusText metrics, string ns, string workload, string direction, string verdict, int expected) =>
        Assert.True(
            expected == metrics.Sum("flowauditor_denied_connections_total", ("namespace", ns), ("workload", workload), ("direction", direction), ("verdict", verdict)),
            $"expected {expected} {verdict} {direction} denials of {ns}/{workload}; have:\n{string.Join("\n", metrics.Where("flowauditor_denied_connections_total"))}");

    internal static JsonElement Denied(JsonElement report, string ns, string direction, int port) =>
        Assert.Single(
            report.GetProperty("denied").EnumerateArray(),
            e => e.GetProperty("namespace").GetString() == ns && e.GetProperty("direction").GetString() == direction
                && e.GetProperty("port").GetInt32() == port && e.GetProperty("predicted").GetInt64() == 0);
}
