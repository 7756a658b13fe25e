using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Flows;

/// <summary>
/// The policy-relevant facts of one Hubble flow, decoded once from the wire or a capture. Core reasons about these,
/// never about protobuf types.
/// </summary>
public sealed class FlowRecord
{
    private readonly string? _uuid;

    public required Endpoint Source { get; init; }

    public required Endpoint Destination { get; init; }

    public DateTimeOffset Time { get; init; }

    /// <summary>
    /// The agent's uuid as text. A decoder that reads it as a uuid in canonical form sets <see cref="UuidValue"/>
    /// instead, and the text is made when it is read: most flows are counted and forgotten without it.
    /// </summary>
    public string? Uuid
    {
        get => _uuid ?? UuidValue?.ToString();
        init => _uuid = value;
    }

    /// <summary>The uuid as a value when it is canonical (lowercase, hyphenated, as agents write it), else null.</summary>
    public Guid? UuidValue { get; init; }

    public string? NodeName { get; init; }

    public FlowVerdict Verdict { get; init; }

    /// <summary>Numeric drop reason (<c>drop_reason_desc</c>, or the deprecated <c>drop_reason</c>); 0 when none.</summary>
    public int DropReason { get; init; }

    /// <summary>The drop reason's enum name as Hubble printed it (<c>POLICY_DENIED</c>), or its number.</summary>
    public string? DropReasonName { get; init; }

    public int EventType { get; init; }

    public FlowDirection Direction { get; init; }

    /// <summary>Null when Hubble does not know (drop events).</summary>
    public bool? IsReply { get; init; }

    /// <summary>TCP, UDP, SCTP, ICMPv4, ICMPv6; null for other or missing L4.</summary>
    public Protocol? Protocol { get; init; }

    public int SourcePort { get; init; }

    /// <summary>Destination port, or the ICMP type for ICMP flows (as Cilium's policy matches it).</summary>
    public int DestinationPort { get; init; }

    public bool TcpSyn { get; init; }

    public bool TcpAck { get; init; }

    /// <summary>The source or the destination endpoint is missing (or has no labels): see <see cref="Endpoint.IsIncomplete"/>.</summary>
    public bool IsIncomplete => Source.IsIncomplete || Destination.IsIncomplete;

    public IPAddress? SourceAddress => Source.Address;

    public IPAddress? DestinationAddress => Destination.Address;

    public int PolicyMatchType { get; init; }

    /// <summary>Hubble's own attribution (1.15+ allowed_by, 1.16+ denied_by); empty on older agents.</summary>
    public IReadOnlyList<PolicyRef> EgressAllowedBy { get; init; } = [];

    public IReadOnlyList<PolicyRef> IngressAllowedBy { get; init; } = [];

    public IReadOnlyList<PolicyRef> EgressDeniedBy { get; init; } = [];

    public IReadOnlyList<PolicyRef> IngressDeniedBy { get; init; } = [];

    public IReadOnlyList<string> PolicyLog { get; init; } = [];

    /// <summary>The same flow with its endpoints resolved (workloads, named ports).</summary>
    public FlowRecord WithEndpoints(Endpoint source, Endpoint destination) => Copy(source, destination, Time, _uuid, UuidValue, SourcePort);

    /// <summary>The same flow at another time from another client port, with another uuid: a looping replay's next pass.</summary>
    public FlowRecord Repeated(TimeSpan later, int sourcePort, string? uuid) => Copy(Source, Destination, Time + later, uuid, null, sourcePort);

    private FlowRecord Copy(Endpoint source, Endpoint destination, DateTimeOffset time, string? uuid, Guid? uuidValue, int sourcePort) => new()
    {
        Source = source,
        Destination = destination,
        Time = time,
        Uuid = uuid,
        UuidValue = uuidValue,
        NodeName = NodeName,
        Verdict = Verdict,
        DropReason = DropReason,
        DropReasonName = DropReasonName,
        EventType = EventType,
        Direction = Direction,
        IsReply = IsReply,
        Protocol = Protocol,
        SourcePort = sourcePort,
        DestinationPort = DestinationPort,
        TcpSyn = TcpSyn,
        TcpAck = TcpAck,
        PolicyMatchType = PolicyMatchType,
        EgressAllowedBy = EgressAllowedBy,
        IngressAllowedBy = IngressAllowedBy,
        EgressDeniedBy = EgressDeniedBy,
        IngressDeniedBy = IngressDeniedBy,
        PolicyLog = PolicyLog,
    };

    public IReadOnlyList<PolicyRef> DeniedBy(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? IngressDeniedBy : EgressDeniedBy;

    public IReadOnlyList<PolicyRef> AllowedBy(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? IngressAllowedBy : EgressAllowedBy;
}
