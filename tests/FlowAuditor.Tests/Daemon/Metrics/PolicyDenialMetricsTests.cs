using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Tests.Support;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Tests.Support;
using Prometheus;

namespace FlowAuditor.Tests.Daemon.Metrics;

/// <summary>
/// The denial metrics for one connection denied by several policies: one series per policy (named ns/name, or name
/// for a cluster-wide policy, with its kind) and one policy-free count.
/// </summary>
public sealed class PolicyDenialMetricsTests
{
    private const string Policies = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: other}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: host-only-ingress}
        spec:
          endpointSelector: {}
          ingress:
          - fromEntities: [host]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: no-batch, namespace: shop}
        spec:
          endpointSelector:
            matchLabels: {app: db}
          ingressDeny:
          - fromEndpoints:
            - matchLabels: {k8s:io.kubernetes.pod.namespace: other}
        """;

    private static readonly Core.Endpoints.Endpoint Client = TestPods.Make("other", "client");

    [Fact]
    public async Task A_default_deny_counts_once_per_isolating_policy_and_once_in_the_policy_free_total()
    {
        var (state, metrics) = Start();
        state.Observe(TestFlows.Dropped(Client, TestPods.Make("shop", "api"), FlowDirection.Ingress, 80));

        var scrape = await ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Single("flowauditor_policy_denials_total", ("policy", "shop/default-deny"), ("policy_kind", "NetworkPolicy"), ("reason", "default-deny"), ("workload", "api")));
        Assert.Equal(1, scrape.Single("flowauditor_policy_denials_total", ("policy", "host-only-ingress"), ("policy_kind", "CiliumClusterwideNetworkPolicy"), ("reason", "default-deny")));
        Assert.Equal(2, scrape.Sum("flowauditor_policy_denials_total"));
        Assert.Equal(1, scrape.Single("flowauditor_denied_connections_total", ("namespace", "shop"), ("workload", "api"), ("direction", "ingress"), ("verdict", "dropped"), ("reason", "default-deny")));
    }

    [Fact]
    public async Task A_deny_rule_counts_only_the_policy_of_the_rule()
    {
        var (state, metrics) = Start();
        state.Observe(TestFlows.PolicyVerdict(Client, TestPods.Make("shop", "db"), FlowDirection.Ingress, FlowVerdict.Dropped, 5432, dropReason: 181));

        var scrape = await ScrapeAsync(metrics);
        var series = Assert.Single(scrape.Where("flowauditor_policy_denials_total"));
        Assert.Equal(("shop/no-batch", "CiliumNetworkPolicy", "deny-rule"), (series.Labels["policy"], series.Labels["policy_kind"], series.Labels["reason"]));
        Assert.Equal(1, scrape.Single("flowauditor_denied_connections_total", ("reason", "deny-rule")));
    }

    private static (AuditState State, DaemonMetrics Metrics) Start()
    {
        var loaded = ManifestLoader.LoadText(Policies, "policies.yaml");
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var metrics = new DaemonMetrics(labelCap: 100);
        var state = new AuditState(new DaemonOptions(), metrics, TimeProvider.System);
        state.ApplyPolicies(loaded.Policies, loaded.Cluster, sourceReady: true);
        state.RestoreCompleted();
        return (state, metrics);
    }

    private static async Task<PrometheusText> ScrapeAsync(DaemonMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        metrics.Dispose();
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }
}
