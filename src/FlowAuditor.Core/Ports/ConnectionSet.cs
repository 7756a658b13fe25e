namespace FlowAuditor.Core.Ports;

/// <summary>
/// A set of connections over TCP, UDP and SCTP ports: what a workload pair may use. Used for connectivity
/// listings and for grouping explanations by the part of the connection space they cover.
/// </summary>
public sealed class ConnectionSet : IEquatable<ConnectionSet>
{
    public static readonly ConnectionSet None = new(PortSet.Empty, PortSet.Empty, PortSet.Empty);
    public static readonly ConnectionSet All = new(PortSet.All, PortSet.All, PortSet.All);

    public ConnectionSet(PortSet tcp, PortSet udp, PortSet sctp)
    {
        Tcp = tcp;
        Udp = udp;
        Sctp = sctp;
    }

    public PortSet Tcp { get; }

    public PortSet Udp { get; }

    public PortSet Sctp { get; }

    public bool IsEmpty => Tcp.IsEmpty && Udp.IsEmpty && Sctp.IsEmpty;

    public bool IsAll => Tcp.IsAll && Udp.IsAll && Sctp.IsAll;

    public PortSet this[Protocol protocol] => protocol switch
    {
        Protocol.TCP => Tcp,
        Protocol.UDP => Udp,
        Protocol.SCTP => Sctp,
        _ => PortSet.Empty,
    };

    public static ConnectionSet Of(Protocol protocol, PortSet ports) => protocol switch
    {
        Protocol.TCP => new ConnectionSet(ports, PortSet.Empty, PortSet.Empty),
        Protocol.UDP => new ConnectionSet(PortSet.Empty, ports, PortSet.Empty),
        Protocol.SCTP => new ConnectionSet(PortSet.Empty, PortSet.Empty, ports),
        _ => None,
    };

    public ConnectionSet Union(ConnectionSet other) =>
        new(Tcp.Union(other.Tcp), Udp.Union(other.Udp), Sctp.Union(other.Sctp));

    public bool Contains(Protocol protocol, int port) => this[protocol].Contains(port);

    public bool Equals(ConnectionSet? other) =>
        other is not null && Tcp.Equals(other.Tcp) && Udp.Equals(other.Udp) && Sctp.Equals(other.Sctp);

    public override bool Equals(object? obj) => Equals(obj as ConnectionSet);

    public override int GetHashCode() => HashCode.Combine(Tcp, Udp, Sctp);

    /// <summary>Readable form: <c>TCP 80,443, UDP 53</c>, or <c>All Connections</c>.</summary>
    public override string ToString()
    {
        if (IsAll)
        {
            return "All Connections";
        }

        if (IsEmpty)
        {
            return "No Connections";
        }

        return string.Join(", ", Protocols.Transport
            .Where(p => !this[p].IsEmpty)
            .Select(p => this[p].IsAll ? p.Name() : $"{p.Name()} {this[p]}"));
    }
}
