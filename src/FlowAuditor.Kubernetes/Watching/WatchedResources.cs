using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>The resources the policy source watches, bound to KubernetesClient's list and watch calls.</summary>
internal static class WatchedResources
{
    public static WatchedResource NetworkPolicies { get; } = new()
    {
        Name = "networkpolicies",
        Kind = "NetworkPolicy",
        ApiVersion = "networking.k8s.io/v1",
        List = async (client, ct) => Typed(await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)),
        Watch = (client, request, ct) => Nodes(
            client.NetworkingV1.WatchListNetworkPolicyForAllNamespacesAsync(
                allowWatchBookmarks: true, resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, onError: request.OnError, cancellationToken: ct),
            ct),
    };

    /// <summary>Namespaces, for the labels namespace selectors match.</summary>
    public static WatchedResource Namespaces { get; } = new()
    {
        Name = "namespaces",
        Kind = "Namespace",
        ApiVersion = "v1",
        List = async (client, ct) => Typed(await client.CoreV1.ListNamespaceAsync(cancellationToken: ct).ConfigureAwait(false)),
        Watch = (client, request, ct) => Nodes(
            client.CoreV1.WatchListNamespaceAsync(
                allowWatchBookmarks: true, resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds, onError: request.OnError, cancellationToken: ct),
            ct),
    };

    public static WatchedResource CiliumNetworkPolicies { get; } = Cilium("ciliumnetworkpolicies", "CiliumNetworkPolicy");

    public static WatchedResource CiliumClusterwideNetworkPolicies { get; } = Cilium("ciliumclusterwidenetworkpolicies", "CiliumClusterwideNetworkPolicy");

    /// <summary>
    /// The pods of one node only (<c>spec.nodeName</c> field selector): named ports resolve against the pods whose
    /// traffic this agent sees, and a cluster-wide pod watch per node would load the API server needlessly.
    /// </summary>
    public static WatchedResource PodsOnNode(string nodeName) => Pods($"spec.nodeName={nodeName}");

    /// <summary>Every pod of the cluster: one watcher on hubble-relay sees every node's flows.</summary>
    public static WatchedResource AllPods { get; } = Pods(null);

    private static WatchedResource Pods(string? selector) => new()
    {
        Name = "pods",
        Kind = "Pod",
        ApiVersion = "v1",
        List = async (client, ct) => Typed(await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct).ConfigureAwait(false)),
        Watch = (client, request, ct) => Nodes(
            client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds,
                onError: request.OnError, cancellationToken: ct),
            ct),
    };

    /// <summary>FlowAuditor's own StagedPolicy resources (deploy/kubernetes/crds/stagedpolicy.yaml), in all namespaces.</summary>
    public static WatchedResource StagedPolicies { get; } = Custom("flowauditor.io", "v1alpha1", "stagedpolicies", "StagedPolicy");

    private static WatchedResource Cilium(string plural, string kind) => Custom("cilium.io", "v2", plural, kind);

    // The cluster-level path lists and watches a namespaced custom resource across all namespaces too.
    private static WatchedResource Custom(string group, string version, string plural, string kind) => new()
    {
        Name = plural,
        Kind = kind,
        ApiVersion = $"{group}/{version}",
        IsCustomResource = true,
        List = async (client, ct) => Untyped(await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(group, version, plural, cancellationToken: ct).ConfigureAwait(false)),
        Watch = (client, request, ct) => Nodes(
            client.CustomObjects.WatchListClusterCustomObjectAsync(
                group, version, plural, allowWatchBookmarks: true, resourceVersion: request.ResourceVersion, timeoutSeconds: request.TimeoutSeconds,
                onError: request.OnError, cancellationToken: ct),
            ct),
    };

    private static ResourceList Typed<T>(IItems<T> list)
        where T : IKubernetesObject =>
        new(((IMetadata<V1ListMeta>)list).Metadata?.ResourceVersion ?? string.Empty, [.. list.Items.Select(ToNode)]);

    private static ResourceList Untyped(JsonElement list)
    {
        var node = JsonNode.Parse(list.GetRawText());
        var items = node?["items"] as JsonArray ?? [];
        return new ResourceList(WatchedObject.ResourceVersionOf(node) ?? string.Empty, [.. items]);
    }

    private static async IAsyncEnumerable<(WatchEventType Type, JsonNode? Object)> Nodes<T>(
        IAsyncEnumerable<(WatchEventType, T)> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, item) in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return (type, ToNode(item));
        }
    }

    // KubernetesJson writes what the API server would (camelCase, nulls omitted, int-or-string as written), so the
    // loader sees the same shapes as in a manifest.
    private static JsonNode? ToNode<T>(T item) => item is null ? null : JsonNode.Parse(KubernetesJson.Serialize(item));
}
