using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Selectors;

/// <summary>
/// A compiled label selector: all requirements must hold; no requirements selects everything.
/// <code>
/// podSelector: {}                 # empty: every pod (in scope)
/// podSelector:
///   matchLabels: {app: web}
///   matchExpressions: [{key: tier, operator: NotIn, values: [db]}]
/// </code>
/// </summary>
public sealed class LabelSelector : IEquatable<LabelSelector>
{
    public static readonly LabelSelector All = new([]);

    private readonly string _canonical;

    public LabelSelector(IEnumerable<SelectorRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        Requirements = [.. requirements.Distinct().OrderBy(r => r.ToString(), StringComparer.Ordinal)];
        _canonical = string.Join(',', Requirements);
    }

    public IReadOnlyList<SelectorRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    public static LabelSelector MatchLabels(IEnumerable<KeyValuePair<string, string>> labels) =>
        new(labels.Select(kv => SelectorRequirement.For(kv.Key, SelectorOperator.In, [kv.Value])));

    public bool Matches(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This selector with more requirements ANDed in.</summary>
    public LabelSelector And(IEnumerable<SelectorRequirement> more) => new(Requirements.Concat(more));

    public bool Equals(LabelSelector? other) => other is not null && string.Equals(_canonical, other._canonical, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LabelSelector);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    public override string ToString() => IsEmpty ? "{}" : _canonical;
}
