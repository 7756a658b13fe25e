using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Kubernetes.Manifests.Policies;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cilium;

/// <summary>
/// Cilium endpoint selectors and their namespace scoping (Cilium's <c>getEndpointSelector</c>):
/// <code>
/// fromEndpoints:
/// - {}                                              # CNP: every pod of the policy's namespace; CCNP: every pod
/// - matchLabels: {k8s:io.kubernetes.pod.namespace: b} # explicit namespace: not scoped
/// - matchLabels: {reserved:host: ""}                 # reserved labels: not scoped
/// </code>
/// Keys without a source prefix match any source, as Cilium's <c>any:</c> default does.
/// </summary>
internal static class CiliumSelectors
{
    public static SelectorRequirement Requirement(string key, SelectorOperator op, IReadOnlyList<string> values) =>
        SelectorRequirement.For(key, op, values);

    /// <summary>Whether a written selector names a namespace (its name or a namespace label), so it is not scoped.</summary>
    public static bool NamesNamespace(YamlNode node) =>
        WrittenKeys(node).Any(key =>
        {
            var bare = Core.Labels.LabelKey.Split(key).Key;
            return bare == LabelSources.PodNamespaceKey || bare.StartsWith(LabelSources.NamespaceLabelPrefix, StringComparison.Ordinal);
        });

    /// <summary>A peer selector, or null when invalid (errors reported).</summary>
    public static LabelSelector? Peer(ObjectContext o, YamlNode node, string field, string? policyNamespace)
    {
        var requirements = SelectorReader.Read(o, node, field, Requirement, allowSourcePrefix: true);
        if (requirements is null)
        {
            return null;
        }

        var scoped = new List<SelectorRequirement>(requirements);
        var namesNamespace = requirements.Any(r => r.Key == LabelSources.PodNamespaceKey && r.Source is LabelSources.K8s or LabelSources.Any);
        var isReserved = requirements.Any(r => r.Source == LabelSources.Reserved);
        if (!namesNamespace && !isReserved)
        {
            if (policyNamespace is null)
            {
                // CCNP: only Cilium-managed pods, never a truly empty (allow-all) selector.
                scoped.Add(new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists));
            }
            else if (!requirements.Any(r => r.Key.StartsWith(LabelSources.NamespaceLabelPrefix, StringComparison.Ordinal)))
            {
                scoped.Add(NetworkPolicyPeerReader.InNamespace(policyNamespace));
            }
        }

        return new LabelSelector(scoped);
    }

    /// <summary>
    /// Whether <c>policy-default-local-cluster</c> scopes this peer selector to the local cluster: every selector but
    /// a reserved one or one that already names a cluster (<c>getEndpointSelector</c>, <c>addClusterFilterByDefault</c>).
    /// </summary>
    public static bool LocalClusterByDefault(LabelSelector selector) =>
        !selector.Requirements.Any(r => r.Source == LabelSources.Reserved || r.Key == LabelSources.ClusterKey);

    /// <summary>
    /// A CNP subject: a <c>k8s:io.kubernetes.pod.namespace</c> matchLabels entry is replaced by the policy's namespace
    /// ("removing illegal namespace match", <c>ParseToCiliumRule</c> / <c>ParseCiliumRule</c>,
    /// <c>pkg/k8s/apis/cilium.io/utils/utils.go</c>); only that exact key, so a bare or <c>any:</c> namespace key is
    /// ANDed as usual:
    /// <code>
    /// metadata: {namespace: prod}
    /// spec:
    ///   endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: dev, app: api}}   # selects app=api in prod
    /// </code>
    /// </summary>
    public static List<SelectorRequirement> Subject(ObjectContext o, YamlNode node, string field, IReadOnlyList<SelectorRequirement> requirements, string ns)
    {
        var written = (node as YamlMappingNode)?.Get("matchLabels") is YamlMappingNode labels
            ? labels.Get(SubjectNamespaceKey).Text()
            : null;
        var result = new List<SelectorRequirement>(requirements);
        if (written is not null)
        {
            result.RemoveAll(r => r is { Source: LabelSources.K8s, Key: LabelSources.PodNamespaceKey, Operator: SelectorOperator.In, Values.Count: 1 } && r.Values[0] == written);
            if (written != ns)
            {
                o.Warning(node, $"{field}.matchLabels.{SubjectNamespaceKey}", $"names namespace '{written}'; Cilium replaces it with the policy's namespace '{ns}'");
            }
        }

        result.Add(NetworkPolicyPeerReader.InNamespace(ns));
        return result;
    }

    private const string SubjectNamespaceKey = LabelSources.K8s + ":" + LabelSources.PodNamespaceKey;

    private static IEnumerable<string> WrittenKeys(YamlNode node)
    {
        if (node is not YamlMappingNode selector)
        {
            yield break;
        }

        if (selector.Get("matchLabels") is YamlMappingNode labels)
        {
            foreach (var key in labels.Keys())
            {
                yield return key;
            }
        }

        if (selector.Get("matchExpressions") is YamlSequenceNode expressions)
        {
            foreach (var expression in expressions.Children.OfType<YamlMappingNode>())
            {
                yield return expression.Get("key").Text() ?? string.Empty;
            }
        }
    }
}
