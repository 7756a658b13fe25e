using System.Text.RegularExpressions;
using FlowAuditor.Tests.Docs;
using FlowAuditor.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// The shipped PrometheusRule: promtool's unit tests (input series, expected alerts with their labels and rendered
/// annotations) pass, and every alert has such a test, a summary, a description and a runbook section in docs/alerts.md.
/// </summary>
public sealed partial class AlertRuleTests
{
    private static readonly string[] Required =
    [
        "FlowAuditorHubbleStreamDown", "FlowAuditorHighStreamLag", "FlowAuditorQueueOverflow", "FlowAuditorKubernetesWatchFailing",
        "FlowAuditorPolicySourceStale", "FlowAuditorPolicyCrdMissing", "FlowAuditorStateFlushFailing", "FlowAuditorUnexplainedDropsRising",
        "FlowAuditorPolicyNotEnforced",
    ];

    [Fact]
    public async Task Promtool_unit_tests_of_the_shipped_rules_pass()
    {
        using var scratch = new ScratchDirectory();
        AlertRules.Load().WriteRuleFile(Path.Combine(scratch.Path, "rules.yaml"));
        File.Copy(DeployFiles.AlertTests, Path.Combine(scratch.Path, "alerts.test.yaml"));

        var check = await DebianTool.RunAsync("promtool", scratch.Path, "check", "rules", "rules.yaml");
        Assert.True(check.ExitCode == 0, check.Output);
        var test = await DebianTool.RunAsync("promtool", scratch.Path, "test", "rules", "alerts.test.yaml");
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_firing_and_a_quiet_promtool_case_annotations_and_a_runbook()
    {
        var alerts = AlertRules.Load().Alerts;
        var names = alerts.Select(a => YamlFile.Text(a, "alert")).ToList();
        Assert.Empty(Required.Except(names));

        var (firing, quiet) = PromtoolCases();
        var runbooks = File.ReadAllLines(DeployFiles.Doc("alerts.md")).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            var name = YamlFile.Text(alert, "alert");
            var annotations = (YamlMappingNode)alert["annotations"];
            Assert.True(YamlFile.Text(annotations, "summary").Length > 0, $"{name} has no summary");
            Assert.True(YamlFile.Text(annotations, "description").Length > 0, $"{name} has no description");
            Assert.Equal($"docs/alerts.md#{name.ToLowerInvariant()}", YamlFile.Text(annotations, "runbook_url"));
            Assert.True(runbooks.Contains(name), $"docs/alerts.md has no '## {name}' runbook section");
            Assert.True(firing.Contains(name), $"no promtool case expects {name} to fire");
            Assert.True(quiet.Contains(name), $"no promtool case expects {name} to stay quiet");
            Assert.True(((YamlMappingNode)alert["labels"]).Children.ContainsKey("severity"), $"{name} has no severity");
        }
    }

    [Fact]
    public void Every_alert_uses_metrics_that_docs_metrics_md_lists()
    {
        var documented = DocumentedMetric.ReadAll(File.ReadAllText(DeployFiles.Doc("metrics.md"))).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in AlertRules.Load().Alerts)
        {
            foreach (Match metric in MetricName().Matches(YamlFile.Text(alert, "expr")))
            {
                Assert.True(documented.Contains(metric.Value), $"{YamlFile.Text(alert, "alert")} uses {metric.Value}, which docs/metrics.md does not list");
            }
        }
    }

    [GeneratedRegex(@"\bflowauditor_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    private static (HashSet<string> Firing, HashSet<string> Quiet) PromtoolCases()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var test in (YamlSequenceNode)YamlFile.Root(DeployFiles.AlertTests)["tests"])
        {
            foreach (var check in ((YamlSequenceNode)((YamlMappingNode)test)["alert_rule_test"]).Cast<YamlMappingNode>())
            {
                var expected = (YamlSequenceNode)check["exp_alerts"];
                (expected.Children.Count > 0 ? firing : quiet).Add(YamlFile.Text(check, "alertname"));
            }
        }

        return (firing, quiet);
    }
}
