using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Endpoints;

/// <summary>Entity names as Cilium policies spell them, and the base entity of an endpoint kind.</summary>
public static class Entities
{
    public static readonly IReadOnlyDictionary<string, EntitySet> ByName = new Dictionary<string, EntitySet>(StringComparer.Ordinal)
    {
        ["world"] = EntitySet.World,
        ["world-ipv4"] = EntitySet.World,
        ["world-ipv6"] = EntitySet.World,
        ["cluster"] = EntitySet.Cluster,
        ["host"] = EntitySet.Host,
        ["remote-node"] = EntitySet.RemoteNode,
        ["kube-apiserver"] = EntitySet.KubeApiServer,
        ["health"] = EntitySet.Health,
        ["init"] = EntitySet.Init,
        ["ingress"] = EntitySet.Ingress,
        ["unmanaged"] = EntitySet.Unmanaged,
        ["all"] = EntitySet.All,
    };

    public static EntitySet Of(EndpointKind kind) => kind switch
    {
        EndpointKind.Pod => EntitySet.ClusterPods,
        EndpointKind.World => EntitySet.World,
        EndpointKind.Host => EntitySet.Host,
        EndpointKind.RemoteNode => EntitySet.RemoteNode,
        EndpointKind.KubeApiServer => EntitySet.KubeApiServer,
        EndpointKind.Health => EntitySet.Health,
        EndpointKind.Init => EntitySet.Init,
        EndpointKind.Ingress => EntitySet.Ingress,
        _ => EntitySet.Unmanaged,
    };

    /// <summary>
    /// The entities a non-pod identity belongs to: its kind's, plus one per further reserved label it carries.
    /// Entity selectors are label selectors, so identity 1 on a control-plane node (<c>reserved:host</c> and
    /// <c>reserved:kube-apiserver</c>) is selected by both <c>host</c> and <c>kube-apiserver</c>.
    /// </summary>
    public static EntitySet Of(EndpointKind kind, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var set = Of(kind);
        if (kind == EndpointKind.Pod)
        {
            return set;
        }

        foreach (var label in labels)
        {
            if (label.Source == LabelSources.Reserved && label.Key is not ("cluster" or "all") && ByName.TryGetValue(label.Key, out var entity))
            {
                set |= entity;
            }
        }

        return set;
    }

    /// <summary>The reserved label name of a non-pod kind (<c>reserved:remote-node</c>).</summary>
    public static string ReservedName(EndpointKind kind) => kind switch
    {
        EndpointKind.World => "world",
        EndpointKind.Host => "host",
        EndpointKind.RemoteNode => "remote-node",
        EndpointKind.KubeApiServer => "kube-apiserver",
        EndpointKind.Health => "health",
        EndpointKind.Init => "init",
        EndpointKind.Ingress => "ingress",
        EndpointKind.Unmanaged => "unmanaged",
        _ => string.Empty,
    };
}
