using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Kubernetes.Manifests.Cluster;

/// <summary>
/// Collects namespaces and pods and builds the <see cref="ClusterModel"/> once all files are read. A later definition of
/// the same object replaces an earlier one, as a later <c>kubectl apply</c> would.
/// </summary>
internal sealed class ClusterBuilder
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _namespaceSources = new(StringComparer.Ordinal);
    private readonly List<string> _podKeys = [];
    private readonly Dictionary<string, PodDraft> _pods = new(StringComparer.Ordinal);

    /// <summary>Adds a namespace; false when it replaced an earlier definition.</summary>
    public bool AddNamespace(string name, IReadOnlyDictionary<string, string> labels, SourceLocation source)
    {
        _namespaceSources[name] = source;
        return _namespaces.TryAdd(name, labels) || Replace(name, labels);
    }

    /// <summary>Adds a pod under a key naming its source object (<c>Pod ns/name</c>); false when it replaced one.</summary>
    public bool AddPod(string key, PodDraft pod)
    {
        if (_pods.TryAdd(key, pod))
        {
            _podKeys.Add(key);
            return true;
        }

        _pods[key] = pod;
        return false;
    }

    /// <summary>
    /// Namespaces get <c>kubernetes.io/metadata.name</c> (the API server sets it on every namespace since 1.21); a
    /// namespace that pods use but no manifest declares exists with only that label.
    /// </summary>
    public ClusterModel Build()
    {
        var namespaces = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in _namespaces.Keys.Concat(_pods.Values.Select(p => p.Namespace)))
        {
            if (!namespaces.ContainsKey(name))
            {
                var labels = new SortedDictionary<string, string>(
                    _namespaces.GetValueOrDefault(name) is { } declared ? declared.ToDictionary() : [],
                    StringComparer.Ordinal);
                labels.TryAdd(LabelSources.NamespaceNameLabel, name);
                namespaces[name] = labels;
            }
        }

        var pods = _podKeys.Select(key => ToEndpoint(_pods[key], namespaces[_pods[key].Namespace])).ToList();
        return new ClusterModel(namespaces, pods) { NamespaceSources = new Dictionary<string, SourceLocation>(_namespaceSources, StringComparer.Ordinal) };
    }

    private bool Replace(string name, IReadOnlyDictionary<string, string> labels)
    {
        _namespaces[name] = labels;
        return false;
    }

    private static Endpoint ToEndpoint(PodDraft pod, IReadOnlyDictionary<string, string> namespaceLabels)
    {
        var identity = Endpoint.Pod(pod.Namespace, pod.Name, pod.Labels, namespaceLabels, pod.ServiceAccount);
        return new Endpoint(EndpointKind.Pod, identity.Labels)
        {
            Namespace = pod.Namespace,
            Name = pod.Name,
            Workload = pod.Workload,
            NamedPorts = pod.NamedPorts,
            Address = pod.Address,
            HostNetwork = pod.HostNetwork,
            Source = pod.Source,
        };
    }
}
