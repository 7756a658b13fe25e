using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>peer-selectors-or</c>: one <c>from</c>/<c>to</c> list holds an item with only a namespaceSelector and another with
/// only a podSelector. The items are ORed, so this admits every pod of those namespaces plus the selected pods of
/// the policy's own namespace; an AND was usually meant (one <c>-</c> too many):
/// <code>
/// from:
/// - namespaceSelector: {matchLabels: {team: a}}
/// - podSelector: {matchLabels: {app: web}}    # OR; without the "-" it would be AND
/// </code>
/// Kubernetes NetworkPolicyPeer semantics (k8s.io/api networking/v1 types.go, NetworkPolicyPeer).
/// </summary>
public sealed class PeerSelectorsOrRule : ILintRule
{
    public string Id => "peer-selectors-or";

    public string Summary => "A from/to list ORs a namespaceSelector-only item with a podSelector-only item; an AND was usually meant.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Policies.Where(p => p.Ref.Kind == PolicyKind.NetworkPolicy))
        {
            foreach (var rule in policy.Ingress.Concat(policy.Egress))
            {
                var namespaces = rule.PeerSources.FirstOrDefault(s => s.HasNamespaceSelector && !s.HasPodSelector);
                var pods = rule.PeerSources.FirstOrDefault(s => s.HasPodSelector && !s.HasNamespaceSelector);
                if (namespaces is null || pods is null || rule.Source is null)
                {
                    continue;
                }

                var list = rule.Direction == TrafficDirection.Ingress ? "from" : "to";
                yield return new LintFinding(Id, Severity.Warning, rule.Source with { Field = $"{rule.Source.Field}.{list}" },
                    $"{namespaces.Location.Field} ({namespaces.Written}) admits every pod in those namespaces, and {pods.Location.Field} ({pods.Written}) admits those pods of namespace {policy.Ref.Namespace}: separate items are ORed",
                    "if both must hold, put the podSelector in the same item as the namespaceSelector (remove the '-' before podSelector)");
            }
        }
    }
}
