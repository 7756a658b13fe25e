using System.Net;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Flows;

/// <summary>
/// The 5-tuple of a connection attempt. The policy-verdict event and the drop event of one attempt, its
/// retransmitted SYNs, and the events other nodes report for it (egress at the source, ingress and traces at the
/// destination) all share it; a new attempt uses a new source port.
/// </summary>
public readonly record struct ConnectionKey(IPAddress? Source, IPAddress? Destination, Protocol? Protocol, int SourcePort, int DestinationPort)
{
    public static ConnectionKey Of(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new(flow.SourceAddress, flow.DestinationAddress, flow.Protocol, flow.SourcePort, flow.DestinationPort);
    }
}
