using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Selectors;

/// <summary>
/// One requirement of a label selector. <c>matchLabels: {app: web}</c> becomes <c>app In (web)</c>.
/// NotIn and DoesNotExist match when the key is absent, as in Kubernetes.
/// </summary>
public sealed record SelectorRequirement
{
    public SelectorRequirement(string source, string key, SelectorOperator op, IEnumerable<string>? values = null)
    {
        Source = source;
        Key = key;
        Operator = op;
        Values = values is null ? [] : [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public string Source { get; }

    public string Key { get; }

    public SelectorOperator Operator { get; }

    public IReadOnlyList<string> Values { get; }

    /// <summary>Builds a requirement from a selector key that may carry a source prefix (<c>k8s:app</c>).</summary>
    public static SelectorRequirement For(string key, SelectorOperator op, IEnumerable<string>? values = null)
    {
        var (source, bare) = LabelKey.Split(key);
        return new SelectorRequirement(source, bare, op, values);
    }

    public bool Matches(LabelSet labels)
    {
        var present = labels.TryGetValue(Source, Key, out var value);
        return Operator switch
        {
            SelectorOperator.Exists => present,
            SelectorOperator.DoesNotExist => !present,
            SelectorOperator.In => present && Contains(value),
            SelectorOperator.NotIn => !present || !Contains(value),
            _ => false,
        };
    }

    public override string ToString()
    {
        var key = Source == LabelSources.Any ? Key : $"{Source}:{Key}";
        return Operator switch
        {
            SelectorOperator.Exists => key,
            SelectorOperator.DoesNotExist => "!" + key,
            SelectorOperator.In when Values.Count == 1 => $"{key}={Values[0]}",
            SelectorOperator.In => $"{key} in ({string.Join(',', Values)})",
            _ => $"{key} notin ({string.Join(',', Values)})",
        };
    }

    private bool Contains(string value)
    {
        foreach (var v in Values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
