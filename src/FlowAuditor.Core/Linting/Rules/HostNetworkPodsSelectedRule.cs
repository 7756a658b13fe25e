using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>host-network-pods-selected</c>: the policy selects pods with <c>hostNetwork: true</c>. They share the node's
/// network namespace and identity, so pod policies do not apply to them (the article's mistake 6):
/// <code>
/// spec: {podSelector: {matchLabels: {app: node-exporter}}}   # node-exporter runs with hostNetwork: true
/// </code>
/// Cilium creates no endpoint for host-network pods (cilium/cilium contrib/k8s/k8s-unmanaged.sh leaves them out of
/// the unmanaged-pod check for that reason); only host policies (host firewall) govern their traffic.
/// </summary>
public sealed class HostNetworkPodsSelectedRule : ILintRule
{
    public string Id => "host-network-pods-selected";

    public string Summary => "The policy selects hostNetwork pods, to which it does not apply.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Evaluated)
        {
            var host = context.SelectedPods(policy).Where(p => p.HostNetwork).ToList();
            if (host.Count > 0)
            {
                yield return new LintFinding(Id, Severity.Warning, policy.Source!.Subject,
                    $"selects hostNetwork pods {LintText.Pods(host)}, to which it does not apply",
                    "narrow the selector to exclude them, and control their traffic with a CiliumClusterwideNetworkPolicy with nodeSelector (host policy)");
            }
        }
    }
}
