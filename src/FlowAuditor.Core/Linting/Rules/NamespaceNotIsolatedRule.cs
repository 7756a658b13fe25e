using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>namespace-not-isolated</c>: a namespace has pods that no policy isolates in some direction, so the zero-trust
/// baseline (a default deny) is missing there:
/// <code>
/// kind: Namespace
/// metadata: {name: reporting}   # its pods are isolated for egress only; ingress is open
/// </code>
/// Reported on the Namespace object, or on the first such pod's manifest when the namespace is not declared.
/// </summary>
public sealed class NamespaceNotIsolatedRule : ILintRule
{
    public string Id => "namespace-not-isolated";

    public string Summary => "A namespace has pods that no policy isolates in some direction.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var group in context.Cluster.Pods.Where(p => !p.HostNetwork && p.Namespace is not null).GroupBy(p => p.Namespace!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var open = new List<string>();
            foreach (var direction in new[] { TrafficDirection.Ingress, TrafficDirection.Egress })
            {
                var pods = group.Where(pod => !context.Evaluated.Any(p => p.Isolates(direction) && p.Subject.Matches(pod.Labels))).ToList();
                if (pods.Count > 0)
                {
                    open.Add($"{direction.ToString().ToLowerInvariant()} ({LintText.Pods(pods)})");
                }
            }

            var location = context.Cluster.NamespaceSources.GetValueOrDefault(group.Key) ?? group.First().Source;
            if (open.Count == 0 || location is null)
            {
                continue;
            }

            yield return new LintFinding(Id, Severity.Info, location,
                $"namespace {group.Key} has pods no policy isolates for {string.Join(" and for ", open)}",
                $"add a default-deny policy to namespace {group.Key}: podSelector: {{}} with policyTypes: [Ingress, Egress], then allow what is needed");
        }
    }
}
