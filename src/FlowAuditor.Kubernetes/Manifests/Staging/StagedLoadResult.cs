using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Staging;

namespace FlowAuditor.Kubernetes.Manifests.Staging;

/// <summary>Staged changes read from manifests, and what was wrong with them.</summary>
public sealed record StagedLoadResult(IReadOnlyList<StagedChange> Changes, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static readonly StagedLoadResult Empty = new([], []);

    public bool HasErrors { get; } = Diagnostics.Any(d => d.Severity == Severity.Error);
}
