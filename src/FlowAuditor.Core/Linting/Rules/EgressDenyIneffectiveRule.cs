using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>egress-deny-ineffective</c>: a NetworkPolicy named for egress or deny-all, with no egress rules and no
/// <c>policyTypes</c>. The API server then defaults policyTypes to Ingress alone, so egress stays open (the article's
/// mistake 5):
/// <code>
/// metadata: {name: default-deny-egress}
/// spec: {podSelector: {}}    # isolates ingress only
/// </code>
/// Defaulting: k8s.io/kubernetes pkg/apis/networking/v1 defaults.go, SetDefaults_NetworkPolicy.
/// </summary>
public sealed class EgressDenyIneffectiveRule : ILintRule
{
    public string Id => "egress-deny-ineffective";

    public string Summary => "A policy named for egress or deny-all has no egress rules and no policyTypes, so it isolates ingress only.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Policies.Where(p => p.Ref.Kind == PolicyKind.NetworkPolicy))
        {
            var name = policy.Ref.Name;
            if (policy.Source is { PolicyTypes: null, EgressRules: null }
                && (name.Contains("egress", StringComparison.OrdinalIgnoreCase) || name.Contains("deny-all", StringComparison.OrdinalIgnoreCase)))
            {
                yield return new LintFinding(Id, Severity.Warning, policy.Source.Location,
                    $"the name '{name}' says egress, but with no egress rules and no policyTypes it isolates ingress only",
                    "add policyTypes: [Ingress, Egress] (or [Egress]) to the spec");
            }
        }
    }
}
