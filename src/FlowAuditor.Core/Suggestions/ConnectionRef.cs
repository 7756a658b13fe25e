using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// A connection whichever side observed it: source and destination workload, protocol and port. The egress entry at
/// the source and the (observed or predicted) ingress entry at the destination of one connection have the same one.
/// </summary>
public sealed record ConnectionRef(string Source, string Destination, Protocol Protocol, int Port)
{
    public static ConnectionRef Of(AggregateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Of(entry.Subject, entry.Peer, entry.Key.Direction, entry.Key.Protocol, entry.Key.Port);
    }

    public static ConnectionRef Of(ReplayItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Of(item.Subject, item.Peer, item.Direction, item.Protocol, item.Port);
    }

    private static ConnectionRef Of(Endpoint subject, Endpoint peer, TrafficDirection direction, Protocol protocol, int port)
    {
        var (source, destination) = direction == TrafficDirection.Egress ? (subject, peer) : (peer, subject);
        return new ConnectionRef(Name(source), Name(destination), protocol, port);
    }

    private static string Name(Endpoint endpoint) => endpoint.IsPod ? WorkloadIdentity.Of(endpoint) : endpoint.ToString();
}
