using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Suggestions;

/// <summary>Which namespaces are isolated for egress as a whole, so a namespace-wide allow there isolates nobody new.</summary>
public static class EgressIsolation
{
    /// <summary>
    /// Namespaces with an evaluated policy that isolates egress of every pod in them, whichever pods are known
    /// (the daemon knows only its node's pods):
    /// <code>
    /// metadata: {namespace: reporting}
    /// spec: {podSelector: {}, policyTypes: [Egress]}   # subject: every pod of reporting
    /// </code>
    /// </summary>
    public static IReadOnlySet<string> FullyIsolatedNamespaces(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return policies.Policies
            .Where(p => p.IsolatesEgress && p.NotEvaluatedReason is null && p.Subject.Requirements.Count == 1)
            .Select(p => p.Subject.Requirements[0])
            .Where(r => r.Key == LabelSources.PodNamespaceKey && r.Source is LabelSources.K8s or LabelSources.Any
                && r.Operator == SelectorOperator.In && r.Values.Count == 1)
            .Select(r => r.Values[0])
            .ToHashSet(StringComparer.Ordinal);
    }
}
