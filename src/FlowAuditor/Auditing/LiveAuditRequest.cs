using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Auditing;

/// <summary>
/// What <c>flowauditor audit --server</c> was asked to do: read flows from a live Hubble server or relay (the
/// client options say which part of the ring buffer), with policies from manifests, or from the cluster when
/// <see cref="Manifests"/> is empty.
/// </summary>
internal sealed record LiveAuditRequest(HubbleClientOptions Client, IReadOnlyList<string> Manifests)
{
    public AuditSettings Settings { get; init; } = new();

    public string? Kubeconfig { get; init; }

    public string? KubeContext { get; init; }

    /// <summary>How long the cluster's policies may take to list before the audit gives up.</summary>
    public TimeSpan ClusterTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
