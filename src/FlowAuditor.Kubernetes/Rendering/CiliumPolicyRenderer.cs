using System.Diagnostics.CodeAnalysis;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Suggestions;
using k8s;
using YamlDotNet.Serialization;

namespace FlowAuditor.Kubernetes.Rendering;

/// <summary>
/// Renders a suggestion as a cilium.io/v2 CiliumNetworkPolicy. There is no typed model for the CRD in
/// KubernetesClient, so the document is an ordered object graph serialized by YamlDotNet.
/// </summary>
internal static class CiliumPolicyRenderer
{
    // Quoted as KubernetesYaml quotes: a label value such as "true" or "1.10" written plain reads back as a bool or a
    // number, which the API server rejects for a string map.
    private static readonly ISerializer Serializer = BuildSerializer();

    public static string Render(SuggestedPolicy suggestion)
    {
        var ingress = suggestion.Direction == TrafficDirection.Ingress;
        var document = new Dictionary<string, object>
        {
            ["apiVersion"] = "cilium.io/v2",
            ["kind"] = "CiliumNetworkPolicy",
            ["metadata"] = new Dictionary<string, object>
            {
                ["name"] = suggestion.Name,
                ["namespace"] = suggestion.Namespace,
                ["labels"] = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "flowauditor" },
            },
            ["spec"] = new Dictionary<string, object>
            {
                // The namespace-wide DNS policy selects every pod of the namespace: endpointSelector: {}.
                ["endpointSelector"] = suggestion.SubjectLabels.Count == 0
                    ? new Dictionary<string, object>()
                    : new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, string>(suggestion.SubjectLabels) },
                [ingress ? "ingress" : "egress"] = suggestion.Rules.Select(r => Rule(r, ingress)).ToList(),
            },
        };
        return Serializer.Serialize(document);
    }

    private static Dictionary<string, object> Rule(SuggestedRule rule, bool ingress)
    {
        var result = new Dictionary<string, object>();
        switch (rule.Peer)
        {
            case SuggestedPodPeer pod:
                var labels = new Dictionary<string, string>(pod.Labels);
                if (!pod.SameNamespace)
                {
                    // A CNP selector without a namespace label stays in the policy's namespace; name the peer's.
                    labels[$"{LabelSources.K8s}:{LabelSources.PodNamespaceKey}"] = pod.Namespace;
                }

                result[ingress ? "fromEndpoints" : "toEndpoints"] = new List<object> { new Dictionary<string, object> { ["matchLabels"] = labels } };
                break;
            case SuggestedCidrPeer cidr:
                result[ingress ? "fromCIDR" : "toCIDR"] = new List<string> { cidr.Cidr };
                break;
            case SuggestedFqdnPeer fqdn:
                result["toFQDNs"] = new List<object> { new Dictionary<string, string> { ["matchName"] = fqdn.Name } };
                break;
            case SuggestedEntityPeer entity:
                result[ingress ? "fromEntities" : "toEntities"] = new List<string> { entity.Entity };
                break;
        }

        var transport = rule.Ports.Where(p => p.Protocol.IsTransport()).ToList();
        if (transport.Count > 0)
        {
            var toPort = new Dictionary<string, object> { ["ports"] = transport.Select(Port).ToList() };
            if (rule.DnsProxy)
            {
                toPort["rules"] = new Dictionary<string, object> { ["dns"] = new List<object> { new Dictionary<string, string> { ["matchPattern"] = "*" } } };
            }

            result["toPorts"] = new List<object> { toPort };
        }

        var icmp = rule.Ports.Where(p => p.Protocol.IsIcmp()).ToList();
        if (icmp.Count > 0)
        {
            result["icmps"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["fields"] = icmp.Select(p => new Dictionary<string, object>
                    {
                        ["type"] = p.Port,
                        ["family"] = p.Protocol == Protocol.ICMPv4 ? "IPv4" : "IPv6",
                    }).ToList(),
                },
            };
        }

        return result;
    }

    private static Dictionary<string, object> Port(SuggestedPort port)
    {
        var result = new Dictionary<string, object>
        {
            ["port"] = port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["protocol"] = port.Protocol.Name(),
        };
        if (port.IsRange)
        {
            result["endPort"] = port.EndPort;
        }

        return result;
    }

    // The graph is dictionaries, lists and strings only, which YamlDotNet's reflection serializer handles in a native
    // AOT build too; NativeBuildTests compares that build's suggestion YAML with this one's.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Dictionaries, lists and strings only; checked by NativeBuildTests.")]
    private static ISerializer BuildSerializer() => new SerializerBuilder()
        .WithEventEmitter(next => new StringQuotingEmitter(next))
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();
}
