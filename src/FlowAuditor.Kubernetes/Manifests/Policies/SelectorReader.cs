using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// Reads a label selector into requirements, validating it as the API server does:
/// <code>
/// podSelector:
///   matchLabels: {app: web}
///   matchExpressions:
///   - {key: tier, operator: In, values: [db]}   # In/NotIn need values
///   - {key: canary, operator: DoesNotExist}     # Exists/DoesNotExist take none
/// </code>
/// The caller decides how keys become identity labels (a namespace selector's <c>team</c> becomes
/// <c>io.cilium.k8s.namespace.labels.team</c>).
/// </summary>
internal static class SelectorReader
{
    /// <summary>Builds one requirement from a written key, an operator and values.</summary>
    public delegate SelectorRequirement RequirementFactory(string key, SelectorOperator op, IReadOnlyList<string> values);

    /// <summary>The requirements (empty for <c>{}</c>), or null when the selector is invalid (errors reported).</summary>
    /// <param name="allowSourcePrefix">Cilium keys may carry a source (<c>k8s:app</c>, <c>reserved:host</c>).</param>
    public static IReadOnlyList<SelectorRequirement>? Read(ObjectContext o, YamlNode? node, string field, RequirementFactory make, bool allowSourcePrefix = false)
    {
        var errors = o.ErrorCount;
        var result = new List<SelectorRequirement>();
        if (o.Mapping(node, field) is not { } selector)
        {
            return errors == o.ErrorCount ? result : null;
        }

        o.WarnUnknownFields(selector, field, "matchLabels", "matchExpressions");
        foreach (var (key, value) in o.StringMap(selector.Get("matchLabels"), $"{field}.matchLabels"))
        {
            if (LabelSyntax.KeyError(Bare(key, allowSourcePrefix)) is { } keyError)
            {
                o.Error(selector, $"{field}.matchLabels", $"invalid label key '{key}': {keyError}");
            }
            else if (LabelSyntax.ValueError(value) is { } valueError)
            {
                o.Error(selector, $"{field}.matchLabels.{key}", $"invalid label value '{value}': {valueError}");
            }
            else
            {
                result.Add(make(key, SelectorOperator.In, [value]));
            }
        }

        var expressions = o.Sequence(selector.Get("matchExpressions"), $"{field}.matchExpressions");
        for (var i = 0; i < expressions.Count; i++)
        {
            if (Expression(o, expressions[i], $"{field}.matchExpressions[{i}]", make, allowSourcePrefix) is { } requirement)
            {
                result.Add(requirement);
            }
        }

        return errors == o.ErrorCount ? result : null;
    }

    private static SelectorRequirement? Expression(ObjectContext o, YamlNode node, string field, RequirementFactory make, bool allowSourcePrefix)
    {
        if (o.Mapping(node, field) is not { } expression)
        {
            return null;
        }

        o.WarnUnknownFields(expression, field, "key", "operator", "values");
        var key = o.String(expression.Get("key"), $"{field}.key");
        var operatorText = o.String(expression.Get("operator"), $"{field}.operator");
        var values = o.Sequence(expression.Get("values"), $"{field}.values").Select(v => o.String(v, $"{field}.values") ?? string.Empty).ToList();
        if (string.IsNullOrEmpty(key))
        {
            o.Error(expression, $"{field}.key", "is required");
            return null;
        }

        if (LabelSyntax.KeyError(Bare(key, allowSourcePrefix)) is { } keyError)
        {
            o.Error(expression, $"{field}.key", $"invalid label key '{key}': {keyError}");
            return null;
        }

        if (!TryParseOperator(operatorText, out var op))
        {
            o.Error(expression, $"{field}.operator", $"unsupported operator '{operatorText}' (supported: In, NotIn, Exists, DoesNotExist)");
            return null;
        }

        if (op is SelectorOperator.In or SelectorOperator.NotIn && values.Count == 0)
        {
            o.Error(expression, $"{field}.values", $"must be specified when operator is {op}");
            return null;
        }

        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist && values.Count > 0)
        {
            o.Error(expression, $"{field}.values", $"may not be specified when operator is {op}");
            return null;
        }

        return make(key, op, values);
    }

    private static string Bare(string key, bool allowSourcePrefix) => allowSourcePrefix ? LabelKey.Split(key).Key : key;

    // Case-sensitive, as the API server's validation is.
    private static bool TryParseOperator(string? text, out SelectorOperator op)
    {
        op = text switch
        {
            "In" => SelectorOperator.In,
            "NotIn" => SelectorOperator.NotIn,
            "Exists" => SelectorOperator.Exists,
            "DoesNotExist" => SelectorOperator.DoesNotExist,
            _ => (SelectorOperator)(-1),
        };
        return Enum.IsDefined(op);
    }
}
