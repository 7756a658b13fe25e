using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>unsupported-construct</c>: a rule uses peers the engine cannot decide (<c>toServices</c> by selector,
/// <c>fromNodes</c>, <c>toGroups</c>, CIDR groups), so lint, explain and test do not know what they admit:
/// <code>
/// egress: [{toServices: [{k8sServiceSelector: {selector: {matchLabels: {app: db}}}}]}]
/// </code>
/// </summary>
public sealed class UnsupportedConstructRule : ILintRule
{
    public string Id => "unsupported-construct";

    public string Summary => "A rule uses peers FlowAuditor does not evaluate.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Evaluated)
        {
            foreach (var rule in LintContext.AllRules(policy).Where(r => r.Unsupported.Count > 0 && r.Source is not null))
            {
                yield return new LintFinding(Id, Severity.Warning, rule.Source!,
                    $"not evaluated by FlowAuditor: {string.Join(", ", rule.Unsupported)}; what this rule admits is unknown here",
                    "verify this traffic on the cluster (hubble observe), or express the peers as endpoint selectors or CIDRs");
            }
        }
    }
}
