using System.Net;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Flows;

/// <summary>
/// The 5-tuple plus direction of a connection attempt. The policy-verdict event and the drop event of one attempt,
/// and its retransmitted SYNs, share it; a new attempt uses a new source port.
/// </summary>
public readonly record struct ConnectionKey(
    IPAddress? Source, IPAddress? Destination, Protocol? Protocol, int SourcePort, int DestinationPort, FlowDirection Direction)
{
    public static ConnectionKey Of(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new(flow.SourceAddress, flow.DestinationAddress, flow.Protocol, flow.SourcePort, flow.DestinationPort, flow.Direction);
    }
}
