using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// One NetworkPolicy port entry, validated as the API server does:
/// <code>
/// ports:
/// - {port: 80}                                  # TCP 80 (protocol defaults to TCP)
/// - {protocol: TCP, port: 32000, endPort: 32768} # a range; endPort needs a numeric port at or below it
/// - {protocol: TCP, port: http}                  # named port, resolved on the destination pod
/// - {protocol: UDP}                              # every UDP port
/// </code>
/// </summary>
internal static class NetworkPolicyPortReader
{
    public static PortMatch? Read(ObjectContext o, YamlNode node, string field)
    {
        var errors = o.ErrorCount;
        if (o.Mapping(node, field) is not { } entry)
        {
            return null;
        }

        o.WarnUnknownFields(entry, field, "protocol", "port", "endPort");
        var protocol = ReadProtocol(o, entry, field);
        var portNode = entry.Get("port");
        var endPortNode = entry.Get("endPort");
        var endPort = o.Integer(endPortNode, $"{field}.endPort");
        int? port = null;
        string? name = null;
        if (portNode is YamlScalarNode { } scalar && (scalar.IsQuoted() || !int.TryParse(scalar.Value, out _)))
        {
            name = scalar.Value ?? string.Empty;
            if (PortNameSyntax.Error(name) is { } nameError)
            {
                o.Error(portNode, $"{field}.port", $"invalid port name '{name}': {nameError}");
            }
        }
        else
        {
            port = o.Integer(portNode, $"{field}.port");
            CheckRange(o, portNode, $"{field}.port", port);
        }

        if (endPortNode is not null && endPort is not null)
        {
            if (name is not null)
            {
                o.Error(endPortNode, $"{field}.endPort", "may not be specified when port is a named port");
            }
            else if (port is null)
            {
                o.Error(endPortNode, $"{field}.endPort", "may not be specified without port");
            }
            else if (endPort < port)
            {
                o.Error(endPortNode, $"{field}.endPort", $"{endPort} must be greater than or equal to port {port}");
            }
            else
            {
                CheckRange(o, endPortNode, $"{field}.endPort", endPort);
            }
        }

        if (o.ErrorCount != errors)
        {
            return null;
        }

        return name is not null ? new PortMatch(protocol, Name: name) : new PortMatch(protocol, port ?? 0, endPort ?? 0);
    }

    private static Protocol ReadProtocol(ObjectContext o, YamlMappingNode entry, string field)
    {
        var node = entry.Get("protocol");
        var text = o.String(node, $"{field}.protocol");
        switch (text)
        {
            case null: return Protocol.TCP;
            case "TCP": return Protocol.TCP;
            case "UDP": return Protocol.UDP;
            case "SCTP": return Protocol.SCTP;
            default:
                // Case-sensitive like the API server: "tcp" is rejected there too.
                o.Error(node!, $"{field}.protocol", $"unsupported protocol '{text}' (supported: TCP, UDP, SCTP)");
                return Protocol.TCP;
        }
    }

    private static void CheckRange(ObjectContext o, YamlNode? node, string field, int? port)
    {
        if (node is not null && port is not null and not (>= PortRange.MinPort and <= PortRange.MaxPort))
        {
            o.Error(node, field, $"{port} is out of range (1-65535)");
        }
    }
}
