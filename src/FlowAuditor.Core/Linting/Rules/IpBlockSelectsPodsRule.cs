using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>ipblock-selects-pods</c>: an <c>ipBlock</c>/CIDR peer covers the addresses of pods the manifests define
/// (<c>status.podIP</c>). Cilium matches pods by identity, never by CIDR, so the rule does not admit them:
/// <code>
/// to: [{ipBlock: {cidr: 10.0.0.0/8}}]   # backend at 10.0.1.5 is not reached through this
/// </code>
/// (Cilium docs, "Layer 3 Examples / IP/CIDR based": CIDR rules do not apply to traffic between cluster endpoints.)
/// </summary>
public sealed class IpBlockSelectsPodsRule : ILintRule
{
    public string Id => "ipblock-selects-pods";

    public string Summary => "An ipBlock or CIDR covers the addresses of known pods, which Cilium never matches by CIDR.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Evaluated)
        {
            foreach (var rule in LintContext.AllRules(policy))
            {
                for (var i = 0; i < rule.Peers.Count; i++)
                {
                    if (rule.Peers[i] is not CidrPeer cidr || LintContext.PeerAt(rule, i) is not { } location)
                    {
                        continue;
                    }

                    var pods = context.Cluster.Pods.Where(p => p.Address is { } address && cidr.Block.Contains(address)).ToList();
                    if (pods.Count > 0)
                    {
                        yield return new LintFinding(Id, Severity.Warning, location,
                            $"{cidr.Block} covers the addresses of pods {string.Join(", ", pods.Select(p => $"{p} ({p.Address})"))}; Cilium never matches pods by CIDR, so this does not admit them",
                            $"select the pods by labels instead: {string.Join("; ", pods.Select(LintText.Selector).Distinct(StringComparer.Ordinal))}");
                    }
                }
            }
        }
    }
}
