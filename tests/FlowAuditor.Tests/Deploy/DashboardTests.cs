using System.Text.Json;
using System.Text.RegularExpressions;
using FlowAuditor.Tests.Daemon;
using FlowAuditor.Tests.Docs;
using FlowAuditor.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// The Grafana dashboard: its queries run on a real Prometheus scraping a real daemon fed by a looping replay of the
/// example, and its shape follows the rules a platform team expects (variables, rate intervals, units, the ConfigMap).
/// </summary>
public sealed partial class DashboardTests
{
    // Panels that must show data for the example's traffic (it has drops, audits, per-policy denials and readiness).
    private static readonly string[] MustShowData =
    [
        "Dropped connections by namespace", "Audited connections (would be dropped) by namespace", "Denied connections by workload",
        "Denials by policy", "Top denying policies (dashboard range)", "Readiness by namespace (all nodes)", "Flows consumed by verdict",
        "Hubble streams connected", "Build",
    ];

    [Fact]
    public async Task Every_dashboard_query_evaluates_on_a_real_Prometheus_and_the_denial_and_audit_panels_have_data()
    {
        var dashboard = Dashboard.Load();
        var rules = AlertRules.Load();
        await using var world = await ExampleEnvironment.StartAsync(loopRate: 400);
        await using var daemon = await RunningDaemon.StartAsync(world.Settings());
        await daemon.WaitForPoliciesAsync();
        await using var prometheus = await RunningPrometheus.StartAsync(daemon.Http.BaseAddress!, rules);

        // Every query must be valid PromQL at any time; those of the traffic panels must also return series.
        await Eventually.Value(
            async () =>
            {
                var withData = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (panel, expr) in dashboard.Queries)
                {
                    var (success, error, result) = await prometheus.QueryAsync(Dashboard.Resolve(expr));
                    Assert.True(success, $"panel '{panel}': {error}\n{expr}");
                    if (result.Count > 0)
                    {
                        withData.Add(panel);
                    }
                }

                return string.Join(", ", MustShowData.Except(withData));
            },
            empty => empty.Length == 0,
            "every traffic panel has data (the last value lists the empty ones)");

        // The per-policy panel shows single policies, never a joined list.
        var byPolicy = (await prometheus.QueryAsync("sum by (policy) (flowauditor_policy_denials_total)")).Result;
        Assert.Contains(byPolicy, r => r.GetProperty("metric").GetProperty("policy").GetString() == "production/default-deny-all");
        Assert.DoesNotContain(byPolicy, r => r.GetProperty("metric").GetProperty("policy").GetString()!.Contains(',', StringComparison.Ordinal));

        // The namespace variable lists every namespace of the cluster, also those without policies or denials.
        var namespaces = (await prometheus.QueryAsync("group by (namespace) (flowauditor_namespace_policies)")).Result
            .Select(r => r.GetProperty("metric").GetProperty("namespace").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "production", "reporting", "monitoring", "ingress-nginx", "kube-system" }, namespaces);

        // The shipped alert rules load and evaluate on the same Prometheus.
        var groups = (await prometheus.GetJsonAsync("/api/v1/rules")).GetProperty("data").GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(rules.Alerts.Count, groups.Sum(g => g.GetProperty("rules").GetArrayLength()));
        await Eventually.Until(
            async () => (await prometheus.GetJsonAsync("/api/v1/rules")).GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).All(r => r.GetProperty("health").GetString() == "ok"),
            "every alert rule evaluated without error");
    }

    [Fact]
    public void The_dashboard_has_datasource_namespace_and_node_variables_rate_intervals_and_units()
    {
        var dashboard = Dashboard.Load();
        var variables = dashboard.Variables;
        Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
        Assert.Equal("label_values(flowauditor_namespace_policies, namespace)", variables["namespace"].GetProperty("definition").GetString());
        Assert.Contains("kubernetes_node", variables["node"].GetProperty("definition").GetString(), StringComparison.Ordinal);

        var documented = DocumentedMetric.ReadAll(File.ReadAllText(DeployFiles.Doc("metrics.md"))).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var panel in dashboard.Panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var unit = panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString();
            Assert.True(unit is not null and not "short", $"panel '{title}' has unit '{unit}'");
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                Assert.Equal("${datasource}", target.GetProperty("datasource").GetProperty("uid").GetString());

                // `A or B` on identical labels hides B: series that must both show are separate queries.
                Assert.DoesNotMatch(@"\bor\b", expr);
                foreach (Match window in RangeWindow().Matches(expr))
                {
                    Assert.True(window.Groups[1].Value is "$__rate_interval" or "$__range", $"panel '{title}': fixed window [{window.Groups[1].Value}] in {expr}");
                }

                foreach (Match name in MetricName().Matches(expr))
                {
                    Assert.True(documented.Contains(name.Value), $"panel '{title}' uses {name.Value}, which docs/metrics.md does not list");
                }
            }
        }
    }

    [Fact]
    public void The_Grafana_sidecar_ConfigMap_carries_the_dashboard_json_unchanged()
    {
        var configMap = YamlFile.Root(DeployFiles.DashboardConfigMap);
        var metadata = (YamlMappingNode)configMap["metadata"];
        Assert.Equal("1", YamlFile.Text((YamlMappingNode)metadata["labels"], "grafana_dashboard"));
        var json = YamlFile.Text((YamlMappingNode)configMap["data"], "flowauditor-dashboard.json");
        Assert.True(
            JsonElement.DeepEquals(Dashboard.Load().Root, Dashboard.Parse(json).Root),
            "dashboard-configmap.yaml differs from deploy/grafana/flowauditor-dashboard.json: copy the JSON into its data (indented by 4)");
    }

    [GeneratedRegex(@"\[([^\]]+)\]")]
    private static partial Regex RangeWindow();

    [GeneratedRegex(@"\b(flowauditor|process|dotnet|system_runtime)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
