using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Readiness;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Auditing;

/// <summary>The report plus what the inputs looked like (policy load diagnostics, flow input counts, lost events).</summary>
internal sealed record AuditResult(
    AuditReport Report,
    ManifestLoadResult Manifests,
    AuditInputCounts Input,
    IReadOnlyDictionary<string, long> LostEventsBySource)
{
    public bool HasInputErrors => Manifests.HasErrors || Input.Malformed > 0 || Staging.HasErrors;

    /// <summary>The staged manifests as loaded (empty without <c>--staged</c>).</summary>
    public StagedLoadResult Staging { get; init; } = StagedLoadResult.Empty;

    /// <summary>What the staged changes would deny and admit; null without <c>--staged</c>.</summary>
    public StagedImpact? Staged { get; init; }

    /// <summary>Per namespace: ready to enforce, or not with its reasons (<see cref="RolloutReadiness"/>).</summary>
    public IReadOnlyList<ReadinessVerdict> Readiness { get; init; } = [];
}
