using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>egress-rules-ignored</c>: a NetworkPolicy has rules for a direction its <c>policyTypes</c> leaves out; Kubernetes
/// ignores them, so they allow nothing and the direction is not isolated:
/// <code>
/// policyTypes: [Ingress]
/// egress: [{to: [{podSelector: {}}]}]   # ignored
/// </code>
/// (k8s.io/api networking/v1 types.go, NetworkPolicySpec.PolicyTypes.)
/// </summary>
public sealed class EgressRulesIgnoredRule : ILintRule
{
    public string Id => "egress-rules-ignored";

    public string Summary => "A policy has rules for a direction its policyTypes leaves out; they are ignored.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Policies.Where(p => p.Ref.Kind == PolicyKind.NetworkPolicy))
        {
            if (policy.Source is not { PolicyTypes: { } types } source)
            {
                continue;
            }

            foreach (var direction in new[] { TrafficDirection.Ingress, TrafficDirection.Egress })
            {
                if (source.RulesOf(direction) is { } rules && !types.Contains(direction))
                {
                    yield return new LintFinding(Id, Severity.Error, rules,
                        $"policyTypes lists only {string.Join(", ", types)}, so these {direction.ToString().ToLowerInvariant()} rules are ignored",
                        $"add {direction} to spec.policyTypes, or remove {rules.Field}");
                }
            }
        }
    }
}
