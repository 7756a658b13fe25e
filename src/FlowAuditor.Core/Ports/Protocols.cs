namespace FlowAuditor.Core.Ports;

/// <summary>Parsing and naming of protocols as manifests and flows spell them.</summary>
public static class Protocols
{
    /// <summary>The port-bearing protocols, in the order reports list them.</summary>
    public static readonly Protocol[] Transport = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

    public static bool TryParse(string? text, out Protocol protocol)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "TCP": protocol = Protocol.TCP; return true;
            case "UDP": protocol = Protocol.UDP; return true;
            case "SCTP": protocol = Protocol.SCTP; return true;
            case "ANY": protocol = Protocol.Any; return true;
            case "ICMP" or "ICMPV4": protocol = Protocol.ICMPv4; return true;
            case "ICMPV6": protocol = Protocol.ICMPv6; return true;
            default: protocol = Protocol.Any; return false;
        }
    }

    public static bool IsTransport(this Protocol protocol) =>
        protocol is Protocol.TCP or Protocol.UDP or Protocol.SCTP;

    public static bool IsIcmp(this Protocol protocol) => protocol is Protocol.ICMPv4 or Protocol.ICMPv6;

    /// <summary>Whether a rule written for <paramref name="rule"/> covers a connection using <paramref name="connection"/>.</summary>
    public static bool Covers(this Protocol rule, Protocol connection) =>
        rule == connection || (rule == Protocol.Any && connection.IsTransport());

    public static string Name(this Protocol protocol) => protocol switch
    {
        Protocol.Any => "ANY",
        _ => protocol.ToString(),
    };
}
