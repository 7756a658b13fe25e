namespace FlowAuditor.Core.Suggestions;

/// <summary>The suggested policies, in deterministic order, and the denied traffic left without a suggestion.</summary>
public sealed record SuggestionSet(IReadOnlyList<SuggestedPolicy> Policies, IReadOnlyList<NotSuggested> NotSuggested)
{
    /// <summary>Connections <c>--suggest-safe</c> left out; verification does not expect them to be allowed.</summary>
    public IReadOnlySet<ConnectionRef> LeftOut { get; init; } = new HashSet<ConnectionRef>();
}
