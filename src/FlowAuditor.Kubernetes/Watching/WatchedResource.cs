using System.Text.Json.Nodes;
using k8s;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// One kind of object to list and watch, with the client calls that do it. Objects cross this boundary as JSON
/// nodes so typed (core) and custom (Cilium CRD) resources share one informer.
/// </summary>
internal sealed class WatchedResource
{
    /// <summary>The plural resource name used in logs and metrics, e.g. <c>networkpolicies</c>.</summary>
    public required string Name { get; init; }

    public required string Kind { get; init; }

    public required string ApiVersion { get; init; }

    /// <summary>A CRD may not be installed: a 404 then means "not installed", which is reported rather than retried hard.</summary>
    public bool IsCustomResource { get; init; }

    public required Func<IKubernetes, CancellationToken, Task<ResourceList>> List { get; init; }

    public required Func<IKubernetes, WatchRequest, CancellationToken, IAsyncEnumerable<(WatchEventType Type, JsonNode? Object)>> Watch { get; init; }

    /// <summary>The CRD's name as <c>kubectl get crd</c> shows it, e.g. <c>ciliumnetworkpolicies.cilium.io</c>.</summary>
    public string CrdName => $"{Name}.{ApiVersion.Split('/')[0]}";
}
