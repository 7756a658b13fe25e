using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Auditing;

/// <summary>What <c>flowauditor audit</c> was asked to do.</summary>
internal sealed record OfflineAuditRequest(IReadOnlyList<string> Flows, IReadOnlyList<string> Manifests)
{
    public SuggestionOptions Suggestions { get; init; } = new();

    public EvaluationOptions Evaluation { get; init; } = EvaluationOptions.Cilium;

    public bool Strict { get; init; }

    public TimeSpan ConnectionWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Staged manifests (<c>--staged</c>): measured on the capture's traffic when any are given.</summary>
    public IReadOnlyList<string> Staged { get; init; } = [];
}
