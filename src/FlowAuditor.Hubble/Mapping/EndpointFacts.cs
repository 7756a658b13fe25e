using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Hubble.Mapping;

/// <summary>
/// What one side of a flow says about its endpoint, however it was decoded (a parsed <c>Flow</c> or the wire decoder),
/// turned into the Core endpoint the same way for both.
/// </summary>
internal readonly record struct EndpointFacts(
    bool Present,
    uint Identity,
    string Namespace,
    LabelSet Labels,
    IPAddress? Address,
    string? AddressText,
    string PodName,
    WorkloadRef? Workload,
    IReadOnlyList<string> DnsNames,
    ServiceRef? Service)
{
    // The label set of each reserved entity, built once (they are immutable and shared by every such endpoint).
    private static readonly LabelSet[] EntityLabels = [.. Enum.GetValues<EndpointKind>().Select(k => k == EndpointKind.Pod ? LabelSet.Empty : Endpoint.ForEntity(k).Labels)];

    /// <param name="labelsKind">The kind of <see cref="Labels"/> when the caller has it cached (Endpoint.KindOf).</param>
    public Endpoint ToEndpoint(EndpointKind? labelsKind = null)
    {
        var labels = Labels;
        EndpointKind kind;
        var incomplete = false;
        if (labels.Count > 0)
        {
            kind = labelsKind ?? Endpoint.KindOf(labels);
        }
        else if (Present && ReservedIdentities.KindOf(Identity) is { } reserved)
        {
            kind = reserved;
            labels = EntityLabels[(int)reserved];
        }
        else
        {
            // No endpoint, or one without labels or a reserved identity: who it is is unknown, and no selector can be
            // evaluated for it (not even a namespace-only guess). Counted as incomplete, never attributed.
            incomplete = true;
            kind = Namespace.Length > 0 ? EndpointKind.Pod : EndpointKind.World;
            labels = Namespace.Length > 0
                ? LabelSet.From([new Label(LabelSources.K8s, LabelSources.PodNamespaceKey, Namespace)])
                : EntityLabels[(int)EndpointKind.World];
        }

        return new Endpoint(kind, labels)
        {
            Address = Address,
            Namespace = Namespace.Length == 0 ? null : Namespace,
            Name = PodName.Length == 0 ? AddressText : PodName,
            Workload = Workload,
            DnsNames = DnsNames,
            Service = Service,
            IsIncomplete = incomplete,
        };
    }
}
