using System.Globalization;

namespace FlowAuditor.Core.Ports;

/// <summary>
/// One entry of a rule's ports. Numeric, ranged, named, or protocol-only:
/// <code>
/// ports:
/// - {protocol: TCP, port: 8080}                 # one port
/// - {protocol: TCP, port: 32000, endPort: 32768} # a range
/// - {protocol: TCP, port: http}                  # named: resolved on the destination pod's containers
/// - {protocol: UDP}                              # every UDP port
/// </code>
/// Named ports resolve on the destination pod, by name and protocol both. ICMP entries use the ICMP type as the port.
/// </summary>
public sealed record PortMatch(Protocol Protocol, int Port = 0, int EndPort = 0, string? Name = null)
{
    public static readonly PortMatch AnyTransport = new(Protocol.Any);

    public bool IsNamed => Name is not null;

    /// <summary>True when the entry covers every port of its protocol. ICMP entries always name a type (0 is EchoReply).</summary>
    public bool IsAllPorts => Name is null && Port == 0 && !Protocol.IsIcmp();

    public PortMatchResult Match(Protocol protocol, int port, IReadOnlyList<NamedPort> destinationPorts)
    {
        if (!Protocol.Covers(protocol))
        {
            return PortMatchResult.NoMatch;
        }

        if (Name is not null)
        {
            foreach (var named in destinationPorts)
            {
                if (named.Protocol == protocol && named.Port == port && string.Equals(named.Name, Name, StringComparison.Ordinal))
                {
                    return PortMatchResult.Match;
                }
            }

            return IsResolvableOn(destinationPorts) ? PortMatchResult.NoMatch : PortMatchResult.NamedPortUnresolved;
        }

        if (IsAllPorts)
        {
            return PortMatchResult.Match;
        }

        var end = EndPort == 0 ? Port : EndPort;
        return port >= Port && port <= end ? PortMatchResult.Match : PortMatchResult.NoMatch;
    }

    public override string ToString()
    {
        var port = Name ?? (Port == 0 ? "*" : EndPort > Port
            ? string.Create(CultureInfo.InvariantCulture, $"{Port}-{EndPort}")
            : Port.ToString(CultureInfo.InvariantCulture));
        return $"{Protocol.Name()}/{port}";
    }

    /// <summary>True unless the entry is named and the destination declares no such port for the entry's protocol.</summary>
    public bool IsResolvableOn(IReadOnlyList<NamedPort> destinationPorts)
    {
        if (Name is null)
        {
            return true;
        }

        foreach (var named in destinationPorts)
        {
            if (string.Equals(named.Name, Name, StringComparison.Ordinal) && Protocol.Covers(named.Protocol))
            {
                return true;
            }
        }

        return false;
    }
}
