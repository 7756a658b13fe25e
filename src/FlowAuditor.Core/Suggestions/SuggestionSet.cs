namespace FlowAuditor.Core.Suggestions;

/// <summary>The suggested policies, in deterministic order, and the denied traffic left without a suggestion.</summary>
public sealed record SuggestionSet(IReadOnlyList<SuggestedPolicy> Policies, IReadOnlyList<NotSuggested> NotSuggested);
