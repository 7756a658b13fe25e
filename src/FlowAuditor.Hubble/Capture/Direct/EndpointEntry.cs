using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>What one Endpoint object of a capture says, as <see cref="FlowRecordMapper"/> reads it; shared by every flow with the same object.</summary>
internal sealed record EndpointEntry(uint Identity, string Namespace, LabelSet Labels, EndpointKind LabelsKind, string PodName, WorkloadRef? Workload)
{
    /// <summary>The Core endpoint of a flow side, with the flow's own address, DNS names and service.</summary>
    public static Core.Endpoints.Endpoint ToEndpoint(EndpointEntry? entry, IpEntry? address, List<string> names, ServiceRef? service) =>
        new EndpointFacts(
            entry is not null,
            entry?.Identity ?? 0,
            entry?.Namespace ?? string.Empty,
            entry?.Labels ?? LabelSet.Empty,
            address?.Address,
            address?.Text,
            entry?.PodName ?? string.Empty,
            entry?.Workload,
            names.Count == 0 ? [] : [.. names],
            service).ToEndpoint(entry is { Labels.Count: > 0 } ? entry.LabelsKind : null);
}
