namespace FlowAuditor.Core.Ports;

/// <summary>Transport protocol of a connection or a port rule. Values are IANA protocol numbers.</summary>
public enum Protocol : byte
{
    /// <summary>Rule-only: Cilium's <c>protocol: ANY</c> (TCP, UDP and SCTP).</summary>
    Any = 0,
    ICMPv4 = 1,
    TCP = 6,
    UDP = 17,
    ICMPv6 = 58,
    SCTP = 132,
}
