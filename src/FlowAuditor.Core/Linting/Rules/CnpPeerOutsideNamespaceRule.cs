using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>cnp-peer-outside-namespace</c>: a CiliumNetworkPolicy <c>fromEndpoints</c>/<c>toEndpoints</c> selector names no
/// namespace, so Cilium limits it to the policy's own namespace, where it matches no pod; the pods it would match
/// live in other namespaces:
/// <code>
/// metadata: {namespace: shop}
/// spec:
///   egress: [{toEndpoints: [{matchLabels: {app: postgres}}]}]   # postgres runs in namespace data
/// </code>
/// Cilium adds the policy's namespace to such selectors (pkg/k8s/apis/cilium.io/utils/utils.go, getEndpointSelector).
/// </summary>
public sealed class CnpPeerOutsideNamespaceRule : ILintRule
{
    public string Id => "cnp-peer-outside-namespace";

    public string Summary => "A CNP endpoint selector without a namespace label matches pods only in other namespaces.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Evaluated.Where(p => p.Ref is { Kind: PolicyKind.CiliumNetworkPolicy, Namespace: not null }))
        {
            var ns = policy.Ref.Namespace!;
            foreach (var rule in LintContext.AllRules(policy))
            {
                for (var i = 0; i < rule.Peers.Count && i < rule.PeerSources.Count; i++)
                {
                    var source = rule.PeerSources[i];
                    if (!source.IsEndpointSelector || source.HasNamespaceSelector || rule.Peers[i] is not SelectorPeer peer
                        || peer.Selector.Requirements.Any(r => r.Source == LabelSources.Reserved))
                    {
                        continue;
                    }

                    var unscoped = new LabelSelector(peer.Selector.Requirements.Where(r => !IsScope(r, ns)));
                    var matched = context.Cluster.Pods.Where(p => unscoped.Matches(p.Labels)).ToList();
                    if (matched.Count == 0 || matched.Any(p => p.Namespace == ns))
                    {
                        continue;
                    }

                    var others = matched.Select(p => p.Namespace).Distinct(StringComparer.Ordinal).ToList();
                    yield return new LintFinding(Id, Severity.Warning, source.Location,
                        $"{source.Written} is limited to namespace {ns}, where it matches no pod; it matches {LintText.Pods(matched)} in other namespaces",
                        $"add k8s:io.kubernetes.pod.namespace: {others[0]} to the selector's matchLabels");
                }
            }
        }
    }

    private static bool IsScope(SelectorRequirement requirement, string ns) =>
        requirement.Key == LabelSources.PodNamespaceKey && requirement.Operator == SelectorOperator.In
        && requirement.Values.Count == 1 && requirement.Values[0] == ns;
}
