using System.Globalization;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Manifests.Policies;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cilium;

/// <summary>
/// <code>
/// toPorts:
/// - ports: [{port: "80", protocol: TCP}, {port: "8000", endPort: 8080}, {port: http}]   # protocol defaults to ANY
///   rules: {http: [{method: GET}]}        # L7: allowed at L3/L4, then decided by the proxy
/// icmps:
/// - fields: [{family: IPv4, type: 8}]     # the ICMP type stands in for the port
/// </code>
/// </summary>
internal static class CiliumPortReader
{
    private static readonly string[] L7Kinds = ["http", "dns", "kafka", "l7proto"];

    // Cilium's pkg/policy/api/icmp.go (icmpIpv4TypeNameToCode / icmpIpv6TypeNameToCode).
    private static readonly Dictionary<string, int> Icmp4Types = new(StringComparer.Ordinal)
    {
        ["EchoReply"] = 0, ["DestinationUnreachable"] = 3, ["Redirect"] = 5, ["Echo"] = 8, ["EchoRequest"] = 8,
        ["RouterAdvertisement"] = 9, ["RouterSelection"] = 10, ["TimeExceeded"] = 11, ["ParameterProblem"] = 12,
        ["Timestamp"] = 13, ["TimestampReply"] = 14, ["Photuris"] = 40, ["ExtendedEchoRequest"] = 42, ["ExtendedEchoReply"] = 43,
    };

    private static readonly Dictionary<string, int> Icmp6Types = new(StringComparer.Ordinal)
    {
        ["DestinationUnreachable"] = 1, ["PacketTooBig"] = 2, ["TimeExceeded"] = 3, ["ParameterProblem"] = 4,
        ["EchoRequest"] = 128, ["EchoReply"] = 129, ["MulticastListenerQuery"] = 130, ["MulticastListenerReport"] = 131,
        ["MulticastListenerDone"] = 132, ["RouterSolicitation"] = 133, ["RouterAdvertisement"] = 134,
        ["NeighborSolicitation"] = 135, ["NeighborAdvertisement"] = 136, ["RedirectMessage"] = 137, ["RouterRenumbering"] = 138,
        ["ICMPNodeInformationQuery"] = 139, ["ICMPNodeInformationResponse"] = 140, ["InverseNeighborDiscoverySolicitation"] = 141,
        ["InverseNeighborDiscoveryAdvertisement"] = 142, ["HomeAgentAddressDiscoveryRequest"] = 144,
        ["HomeAgentAddressDiscoveryReply"] = 145, ["MobilePrefixSolicitation"] = 146, ["MobilePrefixAdvertisement"] = 147,
        ["DuplicateAddressRequestCodeSuffix"] = 157, ["DuplicateAddressConfirmationCodeSuffix"] = 158,
        ["ExtendedEchoRequest"] = 160, ["ExtendedEchoReply"] = 161,
    };

    /// <summary>Port entries of <c>toPorts</c>; <paramref name="l7"/> gets the L7 protocol when rules are present.</summary>
    public static List<PortMatch> ToPorts(ObjectContext o, YamlNode? node, string field, bool deny, ref string? l7)
    {
        var result = new List<PortMatch>();
        var items = o.Sequence(node, field);
        for (var i = 0; i < items.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (o.Mapping(items[i], itemField) is not { } item)
            {
                continue;
            }

            o.WarnUnknownFields(item, itemField, "ports", "rules", "terminatingTLS", "originatingTLS", "serverNames", "listener");
            var ports = o.Sequence(item.Get("ports"), $"{itemField}.ports");
            if (ports.Count == 0)
            {
                result.Add(PortMatch.AnyTransport);
            }

            for (var p = 0; p < ports.Count; p++)
            {
                if (Port(o, ports[p], $"{itemField}.ports[{p}]") is { } port)
                {
                    result.Add(port);
                }
            }

            if (item.Get("rules") is YamlMappingNode rules && rules.Keys().FirstOrDefault(L7Kinds.Contains) is { } kind)
            {
                if (deny)
                {
                    o.Error(rules, $"{itemField}.rules", "L7 rules are not allowed in deny rules");
                }

                l7 ??= kind;
            }
        }

        return result;
    }

    public static List<PortMatch> Icmps(ObjectContext o, YamlNode? node, string field)
    {
        var result = new List<PortMatch>();
        var items = o.Sequence(node, field);
        for (var i = 0; i < items.Count; i++)
        {
            var fields = o.Sequence((items[i] as YamlMappingNode)?.Get("fields"), $"{field}[{i}].fields");
            for (var f = 0; f < fields.Count; f++)
            {
                var entryField = $"{field}[{i}].fields[{f}]";
                if (o.Mapping(fields[f], entryField) is not { } entry)
                {
                    continue;
                }

                var family = o.String(entry.Get("family"), $"{entryField}.family") ?? "IPv4";
                var protocol = family switch { "IPv4" => Protocol.ICMPv4, "IPv6" => Protocol.ICMPv6, _ => (Protocol?)null };
                var typeText = o.String(entry.Get("type"), $"{entryField}.type");
                var names = protocol == Protocol.ICMPv6 ? Icmp6Types : Icmp4Types;
                if (protocol is null)
                {
                    o.Error(entry, $"{entryField}.family", $"unsupported family '{family}' (supported: IPv4, IPv6)");
                }
                else if (int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var type) && type <= byte.MaxValue)
                {
                    result.Add(new PortMatch(protocol.Value, type));
                }
                else if (typeText is not null && names.TryGetValue(typeText, out var named))
                {
                    result.Add(new PortMatch(protocol.Value, named));
                }
                else
                {
                    o.Error(entry, $"{entryField}.type", $"invalid ICMP type '{typeText}'");
                }
            }
        }

        return result;
    }

    private static PortMatch? Port(ObjectContext o, YamlNode node, string field)
    {
        var errors = o.ErrorCount;
        if (o.Mapping(node, field) is not { } entry)
        {
            return null;
        }

        o.WarnUnknownFields(entry, field, "port", "endPort", "protocol");
        var protocolText = o.String(entry.Get("protocol"), $"{field}.protocol") ?? "ANY";
        if (!Protocols.TryParse(protocolText, out var protocol) || protocol.IsIcmp() || protocolText != protocolText.ToUpperInvariant())
        {
            o.Error(entry, $"{field}.protocol", $"unsupported protocol '{protocolText}' (supported: TCP, UDP, SCTP, ANY)");
        }

        // Cilium's port is a string: a number ("0" = every port) or a named port.
        var portText = o.String(entry.Get("port"), $"{field}.port") ?? "0";
        var endPort = o.Integer(entry.Get("endPort"), $"{field}.endPort");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            if (PortNameSyntax.Error(portText) is { } nameError)
            {
                o.Error(entry, $"{field}.port", $"invalid port '{portText}': {nameError}");
            }
            else if (endPort is not null)
            {
                o.Error(entry, $"{field}.endPort", "may not be specified when port is a named port");
            }

            return o.ErrorCount == errors ? new PortMatch(protocol, Name: portText) : null;
        }

        if (port > PortRange.MaxPort)
        {
            o.Error(entry, $"{field}.port", $"{port} is out of range (0-65535)");
        }
        else if (endPort is not null && (endPort < port || endPort > PortRange.MaxPort))
        {
            o.Error(entry, $"{field}.endPort", $"{endPort} must be between port {port} and 65535");
        }

        return o.ErrorCount == errors ? new PortMatch(protocol, port, port == 0 ? 0 : endPort ?? 0) : null;
    }
}
