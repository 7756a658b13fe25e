namespace FlowAuditor.Core.Evaluation;

/// <summary>How an egress rule's named port (<c>toPorts: [{ports: [{port: http}]}]</c>) finds its number.</summary>
public enum EgressNamedPorts
{
    /// <summary>
    /// Up to 1.19: over every pod of the cluster. A name defined with one number applies to every peer the rule
    /// selects (CIDR and world too), even one that does not declare it; a name with two numbers resolves to nothing
    /// and the port entry is skipped (<c>pkg/endpoint/policy.go</c> <c>GetNamedPort</c>, egress branch;
    /// <c>pkg/types/portmap.go</c> <c>ErrDuplicateNamedPorts</c>).
    /// </summary>
    ClusterWide,

    /// <summary>
    /// From 1.20 (main 234112b0e0, <c>pkg/policy/l4.go</c> <c>L4Filter.toMapState</c>): per destination identity; only
    /// peers that declare the name themselves match, never CIDR or world. This is also Kubernetes' own semantics.
    /// </summary>
    PerDestination,
}
