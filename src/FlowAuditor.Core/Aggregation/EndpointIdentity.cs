using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Aggregation;

/// <summary>
/// What an endpoint's text in an <see cref="AggregateKey"/> is made of, as a value: equal identities give equal
/// text, so the key's strings (workload names from labels, CIDRs) are built once per identity, not per flow.
/// Null for a peer the text of which depends on its DNS names (rare; built each time).
/// </summary>
internal readonly record struct EndpointIdentity(EndpointKind Kind, LabelSet? Labels, WorkloadRef? Workload, string? Namespace, string? Name, IPAddress? Address)
{
    public static EndpointIdentity? Of(Endpoint endpoint) => endpoint.Kind switch
    {
        EndpointKind.Pod => new(endpoint.Kind, endpoint.Labels, endpoint.Workload, endpoint.Namespace, endpoint.Name, null),
        EndpointKind.World when endpoint.DnsNames.Count > 0 => null,
        EndpointKind.World => new(endpoint.Kind, null, null, endpoint.Namespace, null, endpoint.Address),
        _ => new(endpoint.Kind, null, null, endpoint.Namespace, null, null),
    };
}
