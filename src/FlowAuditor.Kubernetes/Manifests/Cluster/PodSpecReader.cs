using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cluster;

/// <summary>
/// What policy needs from a pod spec (of a Pod or a workload's template): its service account and named container ports.
/// Lenient like Kubernetes' decoder: unknown fields are ignored, with a warning where they look like a typo.
/// </summary>
internal static class PodSpecReader
{
    private static readonly string[] PortFields = ["name", "containerPort", "protocol", "hostPort", "hostIP"];

    public static string ServiceAccount(ObjectContext o, YamlMappingNode? spec, string field)
    {
        // serviceAccount is the deprecated alias the API server still copies into serviceAccountName.
        var name = o.String(spec?.Get("serviceAccountName"), $"{field}.serviceAccountName")
            ?? o.String(spec?.Get("serviceAccount"), $"{field}.serviceAccount");
        return string.IsNullOrEmpty(name) ? "default" : name;
    }

    /// <summary><c>hostNetwork: true</c>: the pod uses the node's network and identity.</summary>
    public static bool HostNetwork(ObjectContext o, YamlMappingNode? spec, string field) =>
        string.Equals(o.String(spec?.Get("hostNetwork"), $"{field}.hostNetwork"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every container port with a name, which named-port rules resolve against:
    /// <code>
    /// containers:
    /// - ports: [{name: http, containerPort: 8080}]   # "port: http" in a rule means TCP 8080 on this pod
    /// </code>
    /// </summary>
    public static IReadOnlyList<NamedPort> NamedPorts(ObjectContext o, YamlMappingNode? spec, string field)
    {
        var result = new List<NamedPort>();
        var containers = o.Sequence(spec?.Get("containers"), $"{field}.containers");
        for (var c = 0; c < containers.Count; c++)
        {
            var containerField = $"{field}.containers[{c}]";
            if (o.Mapping(containers[c], containerField) is not { } container)
            {
                continue;
            }

            var ports = o.Sequence(container.Get("ports"), $"{containerField}.ports");
            for (var p = 0; p < ports.Count; p++)
            {
                if (ReadPort(o, ports[p], $"{containerField}.ports[{p}]") is { } port)
                {
                    result.Add(port);
                }
            }
        }

        return result;
    }

    private static NamedPort? ReadPort(ObjectContext o, YamlNode node, string field)
    {
        if (o.Mapping(node, field) is not { } entry)
        {
            return null;
        }

        o.WarnUnknownFields(entry, field, PortFields);
        var name = o.String(entry.Get("name"), $"{field}.name");
        var number = o.Integer(entry.Get("containerPort"), $"{field}.containerPort");
        var protocolText = o.String(entry.Get("protocol"), $"{field}.protocol") ?? "TCP";
        if (string.IsNullOrEmpty(name))
        {
            return null; // an unnamed port cannot be referenced by a rule
        }

        if (number is not (>= PortRange.MinPort and <= PortRange.MaxPort))
        {
            o.Warning(entry, $"{field}.containerPort", $"named port '{name}' has no valid containerPort; it is ignored");
            return null;
        }

        if (!Protocols.TryParse(protocolText, out var protocol) || !protocol.IsTransport())
        {
            o.Warning(entry, $"{field}.protocol", $"unsupported protocol '{protocolText}'; named port '{name}' is ignored");
            return null;
        }

        return new NamedPort(name, protocol, number.Value);
    }
}
