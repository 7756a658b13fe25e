using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// One immutable view of the policies and the cluster they apply to. <see cref="Revision"/> rises by one per rebuild
/// and equals <c>Policies.Revision</c>, so attribution caches keyed on it are invalidated by every change.
/// </summary>
public sealed record PolicySnapshot(long Revision, PolicySet Policies, ClusterModel Cluster, IReadOnlyList<Diagnostic> Diagnostics, DateTimeOffset LoadedAt)
{
    public static PolicySnapshot Empty { get; } = new(0, PolicySet.Empty, ClusterModel.Empty, [], DateTimeOffset.MinValue);

    /// <summary>Staged changes from StagedPolicy resources (Kubernetes source only); their diagnostics are in <see cref="Diagnostics"/>.</summary>
    public StagedLoadResult Staged { get; init; } = StagedLoadResult.Empty;
}
