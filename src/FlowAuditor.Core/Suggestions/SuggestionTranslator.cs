using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// Translates a suggestion into the engine's policy form, exactly as the rendered YAML will be loaded, so verification
/// replays traffic through what the user would apply.
/// </summary>
public static class SuggestionTranslator
{
    public static Policy ToPolicy(SuggestedPolicy suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var subject = new LabelSelector(
            suggestion.SubjectLabels.Select(kv => new SelectorRequirement(LabelSources.Any, kv.Key, SelectorOperator.In, [kv.Value]))
                .Append(InNamespace(suggestion.Namespace)));
        var rules = suggestion.Rules.Select((rule, i) => new PolicyRule(
            suggestion.Direction,
            i + 1,
            [ToPeer(rule.Peer)],
            [.. rule.Ports.Select(p => new PortMatch(p.Protocol, p.Port, p.IsRange ? p.EndPort : 0))])
        {
            L7Protocol = rule.DnsProxy ? "dns" : null,
        }).ToList();

        return new Policy(new PolicyRef(suggestion.Kind, suggestion.Namespace, suggestion.Name), subject)
        {
            IsolatesIngress = suggestion.Direction == TrafficDirection.Ingress,
            IsolatesEgress = suggestion.Direction == TrafficDirection.Egress,
            Ingress = suggestion.Direction == TrafficDirection.Ingress ? rules : [],
            Egress = suggestion.Direction == TrafficDirection.Egress ? rules : [],
        };
    }

    private static Peer ToPeer(SuggestedPeer peer) => peer switch
    {
        // namespaceSelector on kubernetes.io/metadata.name is the namespace itself.
        SuggestedPodPeer pod => new SelectorPeer(new LabelSelector(
            pod.Labels.Select(kv => new SelectorRequirement(LabelSources.Any, kv.Key, SelectorOperator.In, [kv.Value])).Append(InNamespace(pod.Namespace)))),
        SuggestedCidrPeer cidr => new CidrPeer(new CidrBlock(IPNetwork.Parse(cidr.Cidr), [])),
        SuggestedFqdnPeer fqdn => new FqdnPeer(fqdn.Name, null),
        SuggestedEntityPeer entity => new EntityPeer(Entities.ByName[entity.Entity], [entity.Entity]),
        _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, "Unknown suggested peer."),
    };

    private static SelectorRequirement InNamespace(string ns) =>
        new(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.In, [ns]);
}
