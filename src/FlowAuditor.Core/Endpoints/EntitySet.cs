namespace FlowAuditor.Core.Endpoints;

/// <summary>
/// Cilium entities as a set. A rule's <c>fromEntities</c>/<c>toEntities</c> expand to one of these masks and an
/// endpoint belongs to exactly one base entity.
/// <code>
/// ingress:
/// - fromEntities: [cluster]   # every endpoint that is not world
/// </code>
/// </summary>
[Flags]
public enum EntitySet
{
    None = 0,
    World = 1 << 0,
    Host = 1 << 1,
    RemoteNode = 1 << 2,
    KubeApiServer = 1 << 3,
    Health = 1 << 4,
    Init = 1 << 5,
    Ingress = 1 << 6,
    Unmanaged = 1 << 7,

    /// <summary>Pods managed by Cilium (not an entity name of its own; part of <c>cluster</c>).</summary>
    ClusterPods = 1 << 8,

    Cluster = Host | RemoteNode | KubeApiServer | Health | Init | Ingress | Unmanaged | ClusterPods,
    All = Cluster | World,
}
