using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cluster;

/// <summary>
/// A Pod is reported under its controller, the way reports name workloads:
/// <code>
/// metadata:
///   name: web-7d4f-abcde
///   ownerReferences: [{kind: ReplicaSet, name: web-7d4f, controller: true}]   # -> ns/web-7d4f[ReplicaSet]
/// </code>
/// A pod without a controller owner is its own workload, <c>ns/name[Pod]</c>.
/// </summary>
internal sealed class PodReader : IManifestKindReader
{
    public IEnumerable<string> Kinds => ["Pod"];

    public void Read(ManifestObject manifest, LoadContext context)
    {
        var o = context.For(manifest);
        var name = o.RequireName();
        var ns = manifest.Namespace;
        var labels = o.StringMap(manifest.Metadata?.Get("labels"), "metadata.labels");
        var owner = Owner(o, manifest.Metadata, ns);
        var spec = o.Mapping(manifest.Root.Get("spec"), "spec");
        var serviceAccount = PodSpecReader.ServiceAccount(o, spec, "spec");
        var namedPorts = PodSpecReader.NamedPorts(o, spec, "spec");
        var address = Address(o, manifest.Root.Get("status") as YamlMappingNode);
        if (name is null || o.HasErrors)
        {
            return;
        }

        var pod = new PodDraft(ns, name, labels, serviceAccount, owner ?? new WorkloadRef(ns, name, "Pod"), namedPorts, address)
        {
            HostNetwork = PodSpecReader.HostNetwork(o, spec, "spec"),
            Source = o.Locate(manifest.Root, null),
        };
        if (!context.Cluster.AddPod(manifest.Display(), pod))
        {
            o.Warning(manifest.Root, null, "defined more than once; the later definition is used");
        }
    }

    /// <summary>
    /// The controller owner as a workload. A Node owner marks a static (mirror) pod, which is its own workload. An owner
    /// without a kind is invalid for the API server; it is kept as <c>[Pod]</c>, as netpol-analyzer reports it.
    /// </summary>
    private static WorkloadRef? Owner(ObjectContext o, YamlMappingNode? metadata, string ns)
    {
        var owners = o.Sequence(metadata?.Get("ownerReferences"), "metadata.ownerReferences");
        for (var i = 0; i < owners.Count; i++)
        {
            if (owners[i] is not YamlMappingNode reference
                || !string.Equals(reference.Get("controller").Text(), "true", StringComparison.OrdinalIgnoreCase)
                || reference.Get("name").Text() is not { Length: > 0 } ownerName)
            {
                continue;
            }

            var kind = reference.Get("kind").Text();
            if (string.IsNullOrEmpty(kind))
            {
                o.Warning(reference, $"metadata.ownerReferences[{i}].kind", $"is missing; the pod is reported under {ns}/{ownerName}[Pod]");
                kind = "Pod";
            }

            return kind == "Node" ? null : new WorkloadRef(ns, ownerName, kind);
        }

        return null;
    }

    /// <summary><c>status.podIP</c> when the manifest is a live object (<c>kubectl get pod -o yaml</c>); CIDR rules use it.</summary>
    private static IPAddress? Address(ObjectContext o, YamlMappingNode? status)
    {
        if (status?.Get("podIP") is not { } node)
        {
            return null;
        }

        if (IPAddress.TryParse(node.Text(), out var address))
        {
            return address;
        }

        o.Warning(node, "status.podIP", $"'{node.Text()}' is not an IP address; ignored");
        return null;
    }
}
