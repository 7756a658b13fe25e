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

        // A valid entity that selects nothing: `toEntities: [none]` isolates the direction and allows no peer.
        ["none"] = EntitySet.None,
    };

    /// <summary>
    /// Entity names the CRD enum of <paramref name="version"/> accepts: <c>world-ipv4</c>/<c>world-ipv6</c> are not in
    /// the 1.17/1.18 enum (<c>pkg/policy/api/entity.go</c> <c>+kubebuilder:validation:Enum</c>), so the API server
    /// rejects a policy using them there.
    /// </summary>
    public static bool IsValidIn(string name, Evaluation.CiliumVersion version) =>
        ByName.ContainsKey(name) && (version >= Evaluation.CiliumVersion.V1_19 || name is not ("world-ipv4" or "world-ipv6"));

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

        // Identity 7 (kube-apiserver on cluster nodes) carries reserved:remote-node too, so `fromEntities: [remote-node]`
        // admits it (pkg/identity/numericidentity.go reservedIdentityLabels). An API server outside the cluster gets a
        // world CIDR identity instead.
        if (kind == EndpointKind.KubeApiServer && !labels.Any(l => l.Source == LabelSources.Reserved && l.Key.StartsWith("world", StringComparison.Ordinal)))
        {
            set |= EntitySet.RemoteNode;
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
