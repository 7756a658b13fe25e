using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Tests.Deploy;

/// <summary>The PrometheusRule's alerting rules, and its spec as a plain Prometheus rule file.</summary>
internal sealed class AlertRules
{
    private AlertRules(YamlMappingNode spec, IReadOnlyList<YamlMappingNode> alerts)
    {
        Spec = spec;
        Alerts = alerts;
    }

    public YamlMappingNode Spec { get; }

    public IReadOnlyList<YamlMappingNode> Alerts { get; }

    public static AlertRules Load()
    {
        var spec = (YamlMappingNode)YamlFile.Root(DeployFiles.PrometheusRule)["spec"];
        var alerts = ((YamlSequenceNode)spec["groups"])
            .SelectMany(g => (YamlSequenceNode)((YamlMappingNode)g)["rules"])
            .Cast<YamlMappingNode>()
            .Where(r => r.Children.ContainsKey("alert"))
            .ToList();
        return new AlertRules(spec, alerts);
    }

    /// <summary>Writes the spec (<c>groups:</c>) where promtool and Prometheus read rule files.</summary>
    public void WriteRuleFile(string path)
    {
        using var writer = new StreamWriter(path);
        new YamlStream(new YamlDocument(Spec)).Save(writer, assignAnchors: false);
    }
}
