using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// An additive allow policy for one subject workload and direction, named deterministically
/// (<c>flowauditor-allow-&lt;workload&gt;-&lt;direction&gt;</c>).
/// </summary>
public sealed record SuggestedPolicy(
    string Name,
    string Namespace,
    SuggestionFormat Format,
    TrafficDirection Direction,
    string Workload,
    IReadOnlyDictionary<string, string> SubjectLabels,
    IReadOnlyList<SuggestedRule> Rules)
{
    /// <summary>The observed aggregate keys this policy admits.</summary>
    public IReadOnlyList<AggregateKey> Covers { get; init; } = [];

    /// <summary>Selects every pod of the namespace (<c>podSelector: {}</c>): the namespace-wide DNS policy.</summary>
    public bool NamespaceWide { get; init; }

    /// <summary>The reviews of all its rules, each once.</summary>
    public IReadOnlyList<string> Reviews => [.. Rules.SelectMany(r => r.Reviews).Distinct(StringComparer.Ordinal)];

    public PolicyKind Kind => Format == SuggestionFormat.Cilium ? PolicyKind.CiliumNetworkPolicy : PolicyKind.NetworkPolicy;
}
