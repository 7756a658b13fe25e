using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Auditing;

/// <summary>How an audit judges and suggests, whatever the flows and policies come from.</summary>
internal sealed record AuditSettings
{
    public SuggestionOptions Suggestions { get; init; } = new();

    public EvaluationOptions Evaluation { get; init; } = EvaluationOptions.Cilium;

    public TimeSpan ConnectionWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Staged manifests (<c>--staged</c>): measured on the observed traffic when any are given.</summary>
    public IReadOnlyList<string> Staged { get; init; } = [];
}
