using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Kubernetes.Manifests.Cluster;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>What one load accumulates across files: cluster objects, policies, diagnostics.</summary>
internal sealed class LoadContext
{
    public List<Diagnostic> Diagnostics { get; } = [];

    public ClusterBuilder Cluster { get; } = new();

    public List<Policy> Policies { get; } = [];

    /// <summary>The Cilium version whose CRD validation applies (which entity names exist).</summary>
    public CiliumVersion Version { get; init; } = CiliumVersion.Default;

    public ObjectContext For(ManifestObject manifest, bool namespaced = true, bool gatherUnknownFields = false) =>
        new(manifest, Diagnostics, namespaced) { GatherUnknownFields = gatherUnknownFields, Version = Version };
}
