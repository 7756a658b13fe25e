using System.Net;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Endpoints;

/// <summary>
/// One side of a connection as policy sees it: an identity label set (Cilium's view, namespace labels included),
/// plus what rules may also consult: its address (CIDR rules), container named ports (named-port rules),
/// and DNS names (toFQDNs).
/// </summary>
public sealed class Endpoint
{
    private static readonly EndpointKind[] ReservedKindsByPriority =
        [EndpointKind.Host, EndpointKind.KubeApiServer, EndpointKind.RemoteNode, EndpointKind.Health, EndpointKind.Init, EndpointKind.Ingress, EndpointKind.Unmanaged];

    public Endpoint(EndpointKind kind, LabelSet labels)
    {
        Kind = kind;
        Labels = labels;
        Entity = Entities.Of(kind, labels);
    }

    public EndpointKind Kind { get; }

    public LabelSet Labels { get; }

    public EntitySet Entity { get; }

    public IPAddress? Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Pod name, or a display name for non-pod endpoints.</summary>
    public string? Name { get; init; }

    public WorkloadRef? Workload { get; init; }

    public IReadOnlyList<NamedPort> NamedPorts { get; init; } = [];

    /// <summary>DNS names the flow carried for this address (Hubble <c>destination_names</c>).</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>
    /// The DNS names as one comparable value for cache and grouping keys: null for none, the name itself for one (the
    /// common case, nothing allocated), else joined by commas.
    /// </summary>
    public string? DnsNamesKey => DnsNames.Count switch
    {
        0 => null,
        1 => DnsNames[0],
        _ => string.Join(',', DnsNames),
    };

    /// <summary>The service the flow was addressed to, when Hubble reports one.</summary>
    public ServiceRef? Service { get; init; }

    /// <summary>A pod with <c>hostNetwork: true</c>: it has the node's identity, so pod policies do not apply to it.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>The manifest that defined the pod (a Pod or a workload); null for endpoints from flows.</summary>
    public SourceLocation? Source { get; init; }

    public bool IsPod => Kind == EndpointKind.Pod;

    /// <summary>
    /// The flow did not say who this is (no endpoint, or one without labels or a reserved identity). Policy cannot be
    /// evaluated for it: guessing <c>world</c> would invent a verdict, so such flows are counted, not attributed.
    /// </summary>
    public bool IsIncomplete { get; init; }

    /// <summary>A copy that knows the pod's container ports (flows do not carry them; the cluster model does).</summary>
    public Endpoint WithNamedPorts(IReadOnlyList<NamedPort> namedPorts) => Copy(Workload, namedPorts);

    /// <summary>A copy that knows the pod's workload (remote pods arrive without one).</summary>
    public Endpoint WithWorkload(WorkloadRef workload) => Copy(workload, NamedPorts);

    private Endpoint Copy(WorkloadRef? workload, IReadOnlyList<NamedPort> namedPorts) => new(Kind, Labels)
    {
        Address = Address,
        Namespace = Namespace,
        Name = Name,
        Workload = workload,
        NamedPorts = namedPorts,
        DnsNames = DnsNames,
        Service = Service,
        IsIncomplete = IsIncomplete,
        HostNetwork = HostNetwork,
        Source = Source,
    };

    /// <summary>
    /// A pod with Cilium's identity labels: its own labels, its namespace, the namespace's labels, its service account.
    /// </summary>
    public static Endpoint Pod(
        string ns,
        string name,
        IEnumerable<KeyValuePair<string, string>> podLabels,
        IEnumerable<KeyValuePair<string, string>> namespaceLabels,
        string serviceAccount = "default")
    {
        var labels = new List<Label>();
        labels.AddRange(podLabels.Select(kv => new Label(LabelSources.K8s, kv.Key, kv.Value)));
        labels.Add(new Label(LabelSources.K8s, LabelSources.PodNamespaceKey, ns));
        labels.AddRange(namespaceLabels.Select(kv => new Label(LabelSources.K8s, LabelSources.NamespaceLabelPrefix + kv.Key, kv.Value)));
        labels.Add(new Label(LabelSources.K8s, LabelSources.ServiceAccountKey, serviceAccount));
        return new Endpoint(EndpointKind.Pod, LabelSet.From(labels)) { Namespace = ns, Name = name };
    }

    /// <summary>An address outside the cluster (<c>reserved:world</c>).</summary>
    public static Endpoint External(IPAddress address) =>
        new(EndpointKind.World, LabelSet.From([new Label(LabelSources.Reserved, "world", string.Empty)]))
        {
            Address = address,
            Name = address.ToString(),
        };

    /// <summary>A reserved entity such as <c>host</c> or <c>kube-apiserver</c>.</summary>
    public static Endpoint ForEntity(EndpointKind kind, IPAddress? address = null) =>
        new(kind, LabelSet.From([new Label(LabelSources.Reserved, Entities.ReservedName(kind), string.Empty)]))
        {
            Address = address,
            Name = Entities.ReservedName(kind),
        };

    /// <summary>Classifies a Hubble/Cilium label set by its reserved labels; anything else is a pod.</summary>
    public static EndpointKind KindOf(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);

        // In priority order: the host identity on a control-plane node carries both host and kube-apiserver.
        foreach (var kind in ReservedKindsByPriority)
        {
            if (labels.HasReserved(Entities.ReservedName(kind)))
            {
                return kind;
            }
        }

        if (labels.HasReserved("world") || labels.HasReserved("world-ipv4") || labels.HasReserved("world-ipv6")
            || labels.Any(l => l.Source == LabelSources.Cidr || l.Source == LabelSources.Fqdn))
        {
            return EndpointKind.World;
        }

        return EndpointKind.Pod;
    }

    public override string ToString() =>
        Workload?.ToString() ?? (Namespace is not null ? $"{Namespace}/{Name}" : Name ?? Labels.ToString());
}
