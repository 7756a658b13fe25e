using FlowAuditor.Core.Aggregation;

namespace FlowAuditor.Core.Suggestions;

/// <summary>Denied traffic no allow rule is suggested for, and why (e.g. a deny rule: allows cannot override it).</summary>
public sealed record NotSuggested(AggregateKey Key, string Reason);
