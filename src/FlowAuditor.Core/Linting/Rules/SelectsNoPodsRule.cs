using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>selects-no-pods</c>: the policy's subject selector matches no pod the manifests define in its namespace
/// (usually a typo), so it has no effect:
/// <code>
/// spec: {podSelector: {matchLabels: {app: fronted}}}   # the pods are app=frontend
/// </code>
/// Only checked where the manifests define pods (the policy's namespace; any namespace for a clusterwide policy).
/// </summary>
public sealed class SelectsNoPodsRule : ILintRule
{
    public string Id => "selects-no-pods";

    public string Summary => "The policy's selector matches no known pod.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Evaluated)
        {
            var ns = policy.Ref.Namespace;
            if (!context.PodsKnownIn(ns) || context.SelectedPods(policy).Count > 0)
            {
                continue;
            }

            var labelled = context.Cluster.Pods.Where(p => ns is null || p.Namespace == ns)
                .Select(LintText.OwnLabels).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal);
            yield return new LintFinding(Id, Severity.Warning, policy.Source!.Subject,
                $"selects {SelectorText.Of(policy.Subject)}, which matches no pod the manifests define",
                $"correct the selector; the pods {(ns is null ? string.Empty : $"in namespace {ns} ")}are labelled: {string.Join("; ", labelled)}");
        }
    }
}
