using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Core.Cluster;

/// <summary>
/// The cluster as manifests describe it: namespaces with their labels and pod endpoints grouped by workload.
/// A workload manifest (Deployment, DaemonSet, ...) contributes one pod built from its template.
/// </summary>
public sealed class ClusterModel
{
    private readonly Dictionary<(string Namespace, string Name), Endpoint> _podsByName;

    public ClusterModel(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaces, IReadOnlyList<Endpoint> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        Namespaces = namespaces;
        Pods = pods;
        _podsByName = [];
        foreach (var pod in pods)
        {
            _podsByName.TryAdd((pod.Namespace ?? string.Empty, pod.Name ?? string.Empty), pod);
        }

        Workloads = [.. pods.Select(p => p.Workload).OfType<WorkloadRef>().Distinct()
            .OrderBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.Kind, StringComparer.Ordinal)];
    }

    public static ClusterModel Empty { get; } = new(new Dictionary<string, IReadOnlyDictionary<string, string>>(), []);

    /// <summary>Namespace name to its labels (<c>kubernetes.io/metadata.name</c> included).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Namespaces { get; }

    public IReadOnlyList<Endpoint> Pods { get; }

    /// <summary>Where each namespace a manifest declares is written (namespaces only pods name are absent).</summary>
    public IReadOnlyDictionary<string, SourceLocation> NamespaceSources { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>Distinct workloads, sorted by namespace, name, kind.</summary>
    public IReadOnlyList<WorkloadRef> Workloads { get; }

    public Endpoint? FindPod(string ns, string name) => _podsByName.GetValueOrDefault((ns, name));

    public IReadOnlyList<Endpoint> PodsOf(WorkloadRef workload) => [.. Pods.Where(p => workload.Equals(p.Workload))];
}
