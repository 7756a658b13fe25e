using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>namespace-selector-matches-nothing</c>: a namespaceSelector (or a Cilium selector on namespace labels) matches
/// none of the namespaces the manifests declare, usually a label the namespace lacks (the article's mistake 4):
/// <code>
/// - namespaceSelector: {matchLabels: {name: monitoring}}   # the namespace only has kubernetes.io/metadata.name
/// </code>
/// Skipped when the manifests declare no Namespace. Namespace labels reach identities as
/// <c>io.cilium.k8s.namespace.labels.*</c> (Cilium's <c>PodNamespaceMetaLabels</c>, pkg/k8s/apis/cilium.io/const.go).
/// </summary>
public sealed class NamespaceSelectorMatchesNothingRule : ILintRule
{
    public string Id => "namespace-selector-matches-nothing";

    public string Summary => "A namespaceSelector matches none of the declared namespaces.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var declared = context.Cluster.NamespaceSources.Keys.Order(StringComparer.Ordinal).ToList();
        if (declared.Count == 0)
        {
            yield break;
        }

        var identities = declared.Select(ns => LabelSet.From(
            [new Label(LabelSources.K8s, LabelSources.PodNamespaceKey, ns),
             .. context.Cluster.Namespaces[ns].Select(kv => new Label(LabelSources.K8s, LabelSources.NamespaceLabelPrefix + kv.Key, kv.Value))])).ToList();
        foreach (var policy in context.Policies)
        {
            foreach (var rule in LintContext.AllRules(policy))
            {
                for (var i = 0; i < rule.Peers.Count && i < rule.PeerSources.Count; i++)
                {
                    if (!rule.PeerSources[i].HasNamespaceSelector || rule.Peers[i] is not SelectorPeer peer)
                    {
                        continue;
                    }

                    var namespaceSelector = new LabelSelector(peer.Selector.Requirements.Where(IsNamespaceRequirement));
                    if (namespaceSelector.IsEmpty || identities.Any(namespaceSelector.Matches))
                    {
                        continue;
                    }

                    yield return new LintFinding(Id, Severity.Warning, rule.PeerSources[i].Location,
                        $"{rule.PeerSources[i].Written} matches none of the declared namespaces ({string.Join(", ", declared)})",
                        $"select a label the namespace has, e.g. kubernetes.io/metadata.name: <namespace>; declared labels: {string.Join("; ", declared.Select(ns => $"{ns}: {string.Join(',', context.Cluster.Namespaces[ns].Select(kv => $"{kv.Key}={kv.Value}"))}"))}");
                }
            }
        }
    }

    private static bool IsNamespaceRequirement(SelectorRequirement requirement) =>
        requirement.Key.StartsWith(LabelSources.NamespaceLabelPrefix, StringComparison.Ordinal)
        || (requirement.Key == LabelSources.PodNamespaceKey && requirement.Operator != SelectorOperator.Exists);
}
