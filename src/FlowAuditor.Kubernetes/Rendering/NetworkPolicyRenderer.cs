using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Suggestions;
using k8s.Models;

namespace FlowAuditor.Kubernetes.Rendering;

/// <summary>Renders a suggestion as a networking.k8s.io/v1 NetworkPolicy through KubernetesClient's own model and serializer.</summary>
internal static class NetworkPolicyRenderer
{
    private static readonly KubernetesModelYaml Yaml = KubernetesModelYaml.For(typeof(V1NetworkPolicy));

    public static string Render(SuggestedPolicy suggestion)
    {
        var rules = suggestion.Rules.Select(rule => (Peer: Peer(rule.Peer), Ports: rule.Ports.Select(Port).ToList())).ToList();
        var spec = new V1NetworkPolicySpec
        {
            // The namespace-wide DNS policy selects every pod of the namespace: podSelector: {}.
            PodSelector = new V1LabelSelector { MatchLabels = suggestion.SubjectLabels.Count == 0 ? null : new Dictionary<string, string>(suggestion.SubjectLabels) },
            PolicyTypes = [suggestion.Direction == TrafficDirection.Ingress ? "Ingress" : "Egress"],
        };
        if (suggestion.Direction == TrafficDirection.Ingress)
        {
            spec.Ingress = [.. rules.Select(r => new V1NetworkPolicyIngressRule { FromProperty = [r.Peer], Ports = r.Ports })];
        }
        else
        {
            spec.Egress = [.. rules.Select(r => new V1NetworkPolicyEgressRule { To = [r.Peer], Ports = r.Ports })];
        }

        var policy = new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = suggestion.Name,
                NamespaceProperty = suggestion.Namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "flowauditor" },
            },
            Spec = spec,
        };
        return Yaml.Serialize(policy);
    }

    private static V1NetworkPolicyPeer Peer(SuggestedPeer peer) => peer switch
    {
        SuggestedPodPeer { SameNamespace: true } pod => new V1NetworkPolicyPeer
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(pod.Labels) },
        },
        SuggestedPodPeer pod => new V1NetworkPolicyPeer
        {
            NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [Core.Labels.LabelSources.NamespaceNameLabel] = pod.Namespace } },
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(pod.Labels) },
        },
        SuggestedCidrPeer cidr => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr.Cidr } },
        _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, "NetworkPolicy cannot express this peer."),
    };

    private static V1NetworkPolicyPort Port(SuggestedPort port) => new()
    {
        Protocol = port.Protocol.Name(),
        Port = port.Port,
        EndPort = port.IsRange ? port.EndPort : null,
    };
}
