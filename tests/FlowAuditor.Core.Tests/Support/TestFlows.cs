using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Tests.Support;

/// <summary>Flow records shaped like the events Cilium emits for one connection attempt.</summary>
internal static class TestFlows
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static FlowRecord PolicyVerdict(
        Endpoint source, Endpoint destination, FlowDirection direction, FlowVerdict verdict, int port,
        Protocol protocol = Protocol.TCP, int dropReason = 0, double seconds = 0, int sourcePort = 40000, string? uuid = null) => new()
        {
            Source = source,
            Destination = destination,
            Time = T0.AddSeconds(seconds),
            Uuid = uuid ?? Guid.NewGuid().ToString(),
            Verdict = verdict,
            DropReason = dropReason,
            DropReasonName = dropReason switch { 133 => "POLICY_DENIED", 181 => "POLICY_DENY", 0 => null, _ => dropReason.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            EventType = FlowEventTypes.PolicyVerdict,
            Direction = direction,
            IsReply = verdict == FlowVerdict.Dropped ? null : false,
            Protocol = protocol,
            SourcePort = sourcePort,
            DestinationPort = port,
            TcpSyn = protocol == Protocol.TCP,
        };

    public static FlowRecord Dropped(Endpoint source, Endpoint destination, FlowDirection direction, int port, double seconds = 0, int sourcePort = 40000) =>
        PolicyVerdict(source, destination, direction, FlowVerdict.Dropped, port, dropReason: 133, seconds: seconds, sourcePort: sourcePort);

    /// <summary>The type-1 drop event that follows a denied policy verdict.</summary>
    public static FlowRecord DropEvent(FlowRecord verdict) => new()
    {
        Source = verdict.Source,
        Destination = verdict.Destination,
        Time = verdict.Time.AddTicks(10),
        Uuid = Guid.NewGuid().ToString(),
        Verdict = FlowVerdict.Dropped,
        DropReason = verdict.DropReason,
        DropReasonName = verdict.DropReasonName,
        EventType = FlowEventTypes.Drop,
        Direction = verdict.Direction,
        Protocol = verdict.Protocol,
        SourcePort = verdict.SourcePort,
        DestinationPort = verdict.DestinationPort,
        TcpSyn = verdict.TcpSyn,
    };
}
