using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// One <c>from</c>/<c>to</c> item, translated as Cilium translates NetworkPolicy peers:
/// <code>
/// - podSelector: {matchLabels: {app: a}}         # pods app=a in the policy's namespace
/// - namespaceSelector: {matchLabels: {team: x}}  # every pod in namespaces labelled team=x
/// - namespaceSelector: {matchLabels: {team: x}}  # one item with both: pods app=b in namespaces team=x
///   podSelector: {matchLabels: {app: b}}
/// - ipBlock: {cidr: 10.0.0.0/8}                  # addresses, never pod identities (Cilium)
/// </code>
/// </summary>
internal static class NetworkPolicyPeerReader
{
    public static Peer? Read(ObjectContext o, YamlNode node, string field, string policyNamespace)
    {
        if (o.Mapping(node, field) is not { } item)
        {
            return null;
        }

        o.WarnUnknownFields(item, field, "podSelector", "namespaceSelector", "ipBlock");
        var podNode = item.Get("podSelector");
        var namespaceNode = item.Get("namespaceSelector");
        var ipBlockNode = item.Get("ipBlock");
        if (ipBlockNode is not null)
        {
            if (podNode is not null || namespaceNode is not null)
            {
                o.Error(item, field, "may not specify both ipBlock and another peer");
                return null;
            }

            return IpBlockReader.Read(o, ipBlockNode, $"{field}.ipBlock") is { } block ? new CidrPeer(block) : null;
        }

        if (podNode is null && namespaceNode is null)
        {
            o.Error(item, field, "must specify a peer (podSelector, namespaceSelector or ipBlock)");
            return null;
        }

        var requirements = new List<SelectorRequirement>();
        if (podNode is not null)
        {
            var pods = SelectorReader.Read(o, podNode, $"{field}.podSelector", PodRequirement);
            if (pods is null)
            {
                return null;
            }

            requirements.AddRange(pods);
        }

        if (namespaceNode is null)
        {
            requirements.Add(InNamespace(policyNamespace));
        }
        else
        {
            var namespaces = SelectorReader.Read(o, namespaceNode, $"{field}.namespaceSelector", NamespaceRequirement);
            if (namespaces is null)
            {
                return null;
            }

            requirements.AddRange(namespaces);

            // Only an empty namespaceSelector gets "some namespace" (allowAllNamespacesRequirement). One made only of
            // NotIn/DoesNotExist also matches identities without namespace labels: world, CIDR, host, remote-node...
            // unless policy-default-local-cluster scopes it to pods (pkg/k8s/network_policy.go parseNetworkPolicyPeer):
            //   - namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [x]}]}
            if (namespaces.Count == 0)
            {
                requirements.Add(new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists));
            }
        }

        return new SelectorPeer(new LabelSelector(requirements)) { LocalClusterByDefault = true };
    }

    /// <summary>
    /// The item as written, for lint: <c>namespaceSelector team=x and podSelector app=b</c>. Called on valid items
    /// only (an invalid policy is not loaded), so it reports nothing.
    /// </summary>
    public static PeerSource Describe(ObjectContext o, YamlNode node, string field)
    {
        var item = node as YamlMappingNode;
        var podNode = item?.Get("podSelector");
        var namespaceNode = item?.Get("namespaceSelector");
        var parts = new List<string>();
        if (namespaceNode is not null)
        {
            parts.Add($"namespaceSelector {WrittenSelector.Text(namespaceNode)}");
        }

        if (podNode is not null)
        {
            parts.Add($"podSelector {WrittenSelector.Text(podNode)}");
        }

        if (item?.Get("ipBlock") is YamlMappingNode block)
        {
            parts.Add($"ipBlock {block.Get("cidr").Text()}");
        }

        return new PeerSource(o.Locate(node, field), string.Join(" and ", parts))
        {
            HasPodSelector = podNode is not null,
            HasNamespaceSelector = namespaceNode is not null,
        };
    }

    /// <summary>Pod labels are Kubernetes labels: <c>app</c> matches <c>k8s:app</c>.</summary>
    public static SelectorRequirement PodRequirement(string key, SelectorOperator op, IReadOnlyList<string> values) =>
        new(LabelSources.K8s, key, op, values);

    /// <summary>Namespace labels are copied onto pod identities as <c>io.cilium.k8s.namespace.labels.&lt;key&gt;</c>.</summary>
    public static SelectorRequirement NamespaceRequirement(string key, SelectorOperator op, IReadOnlyList<string> values) =>
        new(LabelSources.K8s, LabelSources.NamespaceLabelPrefix + key, op, values);

    public static SelectorRequirement InNamespace(string ns) =>
        new(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.In, [ns]);
}
