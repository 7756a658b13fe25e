using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Hubble.Api;
using CoreProtocol = FlowAuditor.Core.Ports.Protocol;
using HubblePolicy = FlowAuditor.Hubble.Api.Policy;

namespace FlowAuditor.Hubble.Mapping;

/// <summary>
/// Decodes a Hubble <see cref="Flow"/> into the Core <see cref="FlowRecord"/>: endpoints as identity label sets
/// (namespace labels included, as Cilium reports them), L4, verdict and Hubble's own policy attribution.
/// Label parsing is cached per identity; one mapper per consumer (not thread-safe).
/// </summary>
public sealed class FlowRecordMapper
{
    private readonly LabelSetCache _labels = new();

    public FlowRecord Map(Flow flow, string? nodeName = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var (protocol, sourcePort, destinationPort, syn, ack) = Layer4(flow.L4);
        var (dropReason, dropReasonName) = DropReasonNames.Effective((int)flow.DropReasonDesc, flow.DropReason);
        return new FlowRecord
        {
            Source = MapEndpoint(flow.Source, flow.IP?.Source, flow.SourceNames, flow.SourceService),
            Destination = MapEndpoint(flow.Destination, flow.IP?.Destination, flow.DestinationNames, flow.DestinationService),
            Time = flow.Time?.ToDateTimeOffset() ?? default,
            Uuid = flow.Uuid.Length == 0 ? null : flow.Uuid,
            NodeName = string.IsNullOrEmpty(flow.NodeName) ? nodeName : flow.NodeName,
            Verdict = (FlowVerdict)(int)flow.Verdict,
            DropReason = dropReason,
            DropReasonName = dropReasonName,
            EventType = flow.EventType?.Type ?? 0,
            Direction = (FlowDirection)(int)flow.TrafficDirection,
            IsReply = flow.IsReply,
            Protocol = protocol,
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            TcpSyn = syn,
            TcpAck = ack,
            PolicyMatchType = (int)flow.PolicyMatchType,
            EgressAllowedBy = Policies(flow.EgressAllowedBy),
            IngressAllowedBy = Policies(flow.IngressAllowedBy),
            EgressDeniedBy = Policies(flow.EgressDeniedBy),
            IngressDeniedBy = Policies(flow.IngressDeniedBy),
            PolicyLog = flow.PolicyLog.Count == 0 ? [] : [.. flow.PolicyLog],
        };
    }

    private Core.Endpoints.Endpoint MapEndpoint(Api.Endpoint? endpoint, string? ip, IReadOnlyCollection<string> names, Service? service)
    {
        var address = IPAddress.TryParse(ip, out var parsed) ? parsed : null;
        var ns = endpoint?.Namespace ?? string.Empty;
        var labels = endpoint is null || endpoint.Labels.Count == 0
            ? LabelSet.Empty
            : _labels.Get(endpoint.ClusterName, endpoint.Identity, ns, endpoint.Labels);
        var workload = endpoint is { Workloads.Count: > 0 } && ns.Length > 0
            ? new WorkloadRef(ns, endpoint.Workloads[0].Name, endpoint.Workloads[0].Kind)
            : null;
        return new EndpointFacts(
            endpoint is not null,
            endpoint?.Identity ?? 0,
            ns,
            labels,
            address,
            address?.ToString(),
            endpoint?.PodName ?? string.Empty,
            workload,
            names.Count == 0 ? [] : [.. names],
            service is { Name.Length: > 0 } ? new ServiceRef(service.Namespace, service.Name) : null).ToEndpoint();
    }

    private static (CoreProtocol? Protocol, int SourcePort, int DestinationPort, bool Syn, bool Ack) Layer4(Layer4? l4) => l4?.ProtocolCase switch
    {
        Api.Layer4.ProtocolOneofCase.TCP => (CoreProtocol.TCP, (int)l4.TCP.SourcePort, (int)l4.TCP.DestinationPort, l4.TCP.Flags?.SYN ?? false, l4.TCP.Flags?.ACK ?? false),
        Api.Layer4.ProtocolOneofCase.UDP => (CoreProtocol.UDP, (int)l4.UDP.SourcePort, (int)l4.UDP.DestinationPort, false, false),
        Api.Layer4.ProtocolOneofCase.SCTP => (CoreProtocol.SCTP, (int)l4.SCTP.SourcePort, (int)l4.SCTP.DestinationPort, false, false),
        // Cilium's policy matches ICMP by type, carried where the port would be.
        Api.Layer4.ProtocolOneofCase.ICMPv4 => (CoreProtocol.ICMPv4, 0, (int)l4.ICMPv4.Type, false, false),
        Api.Layer4.ProtocolOneofCase.ICMPv6 => (CoreProtocol.ICMPv6, 0, (int)l4.ICMPv6.Type, false, false),
        _ => (null, 0, 0, false, false),
    };

    private static IReadOnlyList<PolicyRef> Policies(Google.Protobuf.Collections.RepeatedField<HubblePolicy> policies)
    {
        if (policies.Count == 0)
        {
            return [];
        }

        // Cilium-internal rules (allow-localhost and the like) have no name: nothing to cross-check.
        return [.. policies.Where(p => p.Name.Length > 0).Select(p => new PolicyRef(PolicyKinds.Of(p.Kind, p.Labels, p.Namespace), p.Namespace.Length == 0 ? null : p.Namespace, p.Name))];
    }
}
