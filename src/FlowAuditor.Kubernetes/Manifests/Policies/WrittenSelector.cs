using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// A selector as the user wrote it, for messages: <c>{matchLabels: {app: web}, matchExpressions: [{key: tier,
/// operator: In, values: [a, b]}]}</c> reads <c>app=web,tier in (a,b)</c>; <c>{}</c> reads <c>{}</c>. Read after
/// validation, so it never reports problems itself.
/// </summary>
internal static class WrittenSelector
{
    public static string Text(YamlNode? node)
    {
        if (node is not YamlMappingNode selector)
        {
            return "{}";
        }

        var parts = new List<string>();
        if (selector.Get("matchLabels") is YamlMappingNode labels)
        {
            parts.AddRange(labels.Children.Select(kv => $"{kv.Key.Text()}={kv.Value.Text()}"));
        }

        if (selector.Get("matchExpressions") is YamlSequenceNode expressions)
        {
            parts.AddRange(expressions.Children.OfType<YamlMappingNode>().Select(Expression));
        }

        return parts.Count == 0 ? "{}" : string.Join(',', parts);
    }

    private static string Expression(YamlMappingNode expression)
    {
        var key = expression.Get("key").Text();
        var values = expression.Get("values") is YamlSequenceNode list ? string.Join(',', list.Children.Select(v => v.Text())) : string.Empty;
        return expression.Get("operator").Text() switch
        {
            "Exists" => key ?? string.Empty,
            "DoesNotExist" => $"!{key}",
            "NotIn" => $"{key} notin ({values})",
            _ => $"{key} in ({values})",
        };
    }
}
