using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>The cluster and policies the manifests describe, and what was wrong with them.</summary>
public sealed record ManifestLoadResult(ClusterModel Cluster, PolicySet Policies, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when any input was rejected (malformed file, invalid object); the CLI exits non-zero.</summary>
    public bool HasErrors { get; } = Diagnostics.Any(d => d.Severity == Severity.Error);
}
