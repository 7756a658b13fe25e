using System.Globalization;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// The names hubble's printer takes from Cilium's monitor API (<c>pkg/monitor/api/types.go</c>, <c>drop.go</c>) and
/// identity package (<c>pkg/identity/numericidentity.go</c>): trace observation points, drop reasons, policy match
/// types and reserved identities, keyed by the numbers the datapath puts in <c>event_type.sub_type</c>.
/// </summary>
internal static class MonitorNames
{
    private static readonly string[] TracePoints =
    [
        "to-endpoint", "to-proxy", "to-host", "to-stack", "to-overlay", "from-endpoint", "from-proxy", "from-host",
        "from-stack", "from-overlay", "from-network", "to-network", "from-crypto", "to-crypto",
    ];

    private static readonly string[] MatchTypes = ["none", "L3-Only", "L3-L4", "L4-Only", "all", "L3-Proto", "Proto-Only"];

    private static readonly string[] ReservedIdentities =
    [
        "unknown", "host", "world", "unmanaged", "health", "init", "remote-node", "kube-apiserver", "ingress",
        "world-ipv4", "world-ipv6",
    ];

    private static readonly Dictionary<int, string> DropReasons = new()
    {
        [0] = "Success", [2] = "Invalid packet", [3] = "Interface", [4] = "Interface Decrypted",
        [5] = "LB, sock cgroup: No backend slot entry found", [6] = "LB, sock cgroup: No backend entry found",
        [7] = "LB, sock cgroup: Reverse entry update failed", [8] = "LB, sock cgroup: Reverse entry stale",
        [9] = "Fragmented packet", [10] = "Fragmented packet entry update failed", [11] = "Missed tail call to custom program",
        [130] = "Invalid source mac", [131] = "Invalid destination mac", [132] = "Invalid source ip", [133] = "Policy denied",
        [134] = "Invalid packet", [135] = "CT: Truncated or invalid header", [136] = "Fragmentation needed",
        [137] = "CT: Unknown L4 protocol", [138] = "CT: Can't create entry from packet", [139] = "Unsupported L3 protocol",
        [140] = "Missed tail call", [141] = "Error writing to packet", [142] = "Unknown L4 protocol",
        [143] = "Unknown ICMPv4 code", [144] = "Unknown ICMPv4 type", [145] = "Unknown ICMPv6 code",
        [146] = "Unknown ICMPv6 type", [147] = "Error retrieving tunnel key", [148] = "Error retrieving tunnel options",
        [149] = "Invalid Geneve option", [150] = "Unknown L3 target address", [151] = "Stale or unroutable IP",
        [152] = "No matching local container found", [153] = "Error while correcting L3 checksum",
        [154] = "Error while correcting L4 checksum", [155] = "CT: Map insertion failed", [156] = "Invalid IPv6 extension header",
        [157] = "IP fragmentation not supported", [158] = "Service backend not found",
        [160] = "No tunnel/encapsulation endpoint (datapath BUG!)", [161] = "NAT 46/64 not enabled",
        [162] = "Reached EDT rate-limiting drop horizon", [163] = "Unknown connection tracking state",
        [164] = "Local host is unreachable", [165] = "No configuration available to perform policy decision",
        [166] = "Unsupported L2 protocol", [167] = "No mapping for NAT masquerade",
        [168] = "Unsupported protocol for NAT masquerade", [169] = "FIB lookup failed",
        [170] = "Encapsulation traffic is prohibited", [171] = "Invalid identity", [172] = "Unknown sender",
        [173] = "NAT not needed", [174] = "Is a ClusterIP", [175] = "First logical datagram fragment not found",
        [176] = "Forbidden ICMPv6 message", [177] = "Denied by LB src range check", [178] = "Socket lookup failed",
        [179] = "Socket assign failed", [180] = "Proxy redirection not supported for protocol",
        [181] = "Policy denied by denylist", [182] = "VLAN traffic disallowed by VLAN filter",
        [183] = "Incorrect VNI from VTEP", [184] = "Failed to update or lookup TC buffer",
        [185] = "No SID was found for the IP address", [186] = "SRv6 state was removed during tail call",
        [187] = "L3 translation from IPv4 to IPv6 failed (NAT46)", [188] = "L3 translation from IPv6 to IPv4 failed (NAT64)",
        [189] = "Authentication required", [190] = "No conntrack map found", [191] = "No nat map found",
        [192] = "Invalid ClusterID", [193] = "Unsupported packet protocol for DSR encapsulation",
        [194] = "No egress gateway found", [195] = "Traffic is unencrypted", [196] = "TTL exceeded",
        [197] = "No node ID found", [198] = "Rate limited",
    };

    /// <summary>Event types by the names <c>hubble observe --type</c> takes (<c>MessageTypeNames</c>).</summary>
    public static IReadOnlyDictionary<string, int> EventTypes { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["drop"] = 1, ["debug"] = 2, ["capture"] = 3, ["trace"] = 4, ["policy-verdict"] = 5, ["recorder"] = 6,
        ["trace-sock"] = 7, ["l7"] = 129, ["agent"] = 130,
    };

    /// <summary>The trace observation point with this sub-type, or null.</summary>
    public static int? TracePointNumber(string name)
    {
        var index = Array.IndexOf(TracePoints, name);
        return index < 0 ? null : index;
    }

    // The datapath sends these as uint8, and the printer casts before looking them up.
    public static string TracePoint(int subType) => Lookup(TracePoints, (byte)subType) ?? Number((byte)subType);

    public static string DropReason(int reason) =>
        DropReasons.TryGetValue((byte)reason, out var text) ? text : $"{Number((byte)reason)}, 0";

    public static string MatchType(uint type) => type < MatchTypes.Length ? MatchTypes[type] : "unknown";

    /// <summary>The reserved identity's name (<c>host</c>), or null for an allocated one.</summary>
    public static string? ReservedIdentity(uint identity) => identity < ReservedIdentities.Length ? ReservedIdentities[identity] : null;

    private static string? Lookup(string[] names, int index) => index < names.Length ? names[index] : null;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
