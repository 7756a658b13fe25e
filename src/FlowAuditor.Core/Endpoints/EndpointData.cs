using System.Net;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Endpoints;

/// <summary>
/// A plain, storable form of an <see cref="Endpoint"/> (what durable state keeps), convertible both ways.
/// </summary>
public sealed record EndpointData(
    EndpointKind Kind,
    IReadOnlyList<string> Labels,
    string? Namespace,
    string? Name,
    string? WorkloadName,
    string? WorkloadKind,
    string? Address,
    IReadOnlyList<string> DnsNames)
{
    public static EndpointData Of(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new(
            endpoint.Kind,
            [.. endpoint.Labels.Select(l => l.ToString())],
            endpoint.Namespace,
            endpoint.Name,
            endpoint.Workload?.Name,
            endpoint.Workload?.Kind,
            endpoint.Address?.ToString(),
            endpoint.DnsNames);
    }

    public Endpoint ToEndpoint() => new(Kind, LabelSet.Parse(Labels))
    {
        Namespace = Namespace,
        Name = Name,
        Workload = Namespace is not null && WorkloadName is not null && WorkloadKind is not null ? new WorkloadRef(Namespace, WorkloadName, WorkloadKind) : null,
        Address = Address is not null && IPAddress.TryParse(Address, out var address) ? address : null,
        DnsNames = DnsNames,
    };
}
