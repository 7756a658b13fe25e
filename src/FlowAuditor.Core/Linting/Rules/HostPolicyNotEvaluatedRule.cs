using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>host-policy-not-evaluated</c>: a CiliumClusterwideNetworkPolicy with <c>nodeSelector</c> (a host policy) is
/// loaded but not evaluated, so no other finding, explain or test covers the traffic it governs:
/// <code>
/// kind: CiliumClusterwideNetworkPolicy
/// spec: {nodeSelector: {}, ingress: [...]}
/// </code>
/// </summary>
public sealed class HostPolicyNotEvaluatedRule : ILintRule
{
    public string Id => "host-policy-not-evaluated";

    public string Summary => "A host policy (nodeSelector) is loaded but not evaluated.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Policies.Where(p => p.NotEvaluatedReason is not null))
        {
            yield return new LintFinding(Id, Severity.Info, policy.Source!.Subject,
                $"{policy.NotEvaluatedReason}: lint, explain and test do not cover the node traffic it governs",
                "verify node traffic on the cluster with hubble observe --from-identity host / --to-identity host");
        }
    }
}
