using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Aggregation;

/// <summary>
/// What denied traffic is grouped by: direction, the subject workload (local side), the peer, protocol and port.
/// </summary>
public sealed record AggregateKey(
    TrafficDirection Direction,
    string Namespace,
    string Subject,
    PeerKind PeerKind,
    string Peer,
    Protocol Protocol,
    int Port) : IComparable<AggregateKey>
{
    public int CompareTo(AggregateKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Namespace, other.Namespace);
        c = c != 0 ? c : string.CompareOrdinal(Subject, other.Subject);
        c = c != 0 ? c : Direction.CompareTo(other.Direction);
        c = c != 0 ? c : PeerKind.CompareTo(other.PeerKind);
        c = c != 0 ? c : string.CompareOrdinal(Peer, other.Peer);
        c = c != 0 ? c : Protocol.CompareTo(other.Protocol);
        return c != 0 ? c : Port.CompareTo(other.Port);
    }
}
