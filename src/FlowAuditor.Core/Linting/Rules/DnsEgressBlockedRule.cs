using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>dns-egress-blocked</c>: a pod is isolated for egress and no egress rule admits UDP and TCP 53 to the cluster DNS,
/// so every name lookup fails (the article's mistake 1). Reported on each policy that isolates such pods:
/// <code>
/// kind: NetworkPolicy
/// spec: {podSelector: {}, policyTypes: [Egress]}   # and no policy admits kube-dns on 53
/// </code>
/// Egress isolation follows Cilium: any policy selecting the pod with egress rules or policyTypes Egress
/// (pkg/policy/repository.go, computePolicyEnforcementAndRules).
/// </summary>
public sealed class DnsEgressBlockedRule : ILintRule
{
    public string Id => "dns-egress-blocked";

    public string Summary => "A pod is isolated for egress and no egress rule admits UDP and TCP 53 to the cluster DNS.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dns = context.DnsServers[0];
        var blocked = new Dictionary<PolicyRef, (List<Endpoint> Pods, SortedSet<string> Missing)>();
        foreach (var pod in context.Cluster.Pods.Where(p => !p.HostNetwork))
        {
            foreach (var protocol in new[] { Protocol.UDP, Protocol.TCP })
            {
                var verdict = context.Evaluator.EvaluateDirection(pod, dns, TrafficDirection.Egress, protocol, 53);
                if (verdict.Allowed || !verdict.Isolated)
                {
                    continue;
                }

                foreach (var policy in verdict.IsolatedBy)
                {
                    if (!blocked.TryGetValue(policy, out var entry))
                    {
                        entry = ([], new SortedSet<string>(StringComparer.Ordinal));
                        blocked[policy] = entry;
                    }

                    if (!entry.Pods.Contains(pod))
                    {
                        entry.Pods.Add(pod);
                    }

                    entry.Missing.Add($"{protocol.Name()} 53");
                }
            }
        }

        var fix = "add one DNS policy per namespace: " + LintText.DnsPolicy(context.Options);
        foreach (var (reference, (pods, missing)) in blocked)
        {
            if (context.Policies.FirstOrDefault(p => p.Ref == reference) is not { } policy)
            {
                continue;
            }

            yield return new LintFinding(Id, Severity.Warning, policy.Source!.Subject,
                $"isolates egress of {LintText.Pods(pods)}, and no egress rule admits {string.Join(" and ", missing.Reverse())} to the cluster DNS ({context.Options.DnsDisplay}): their name lookups fail",
                fix);
        }
    }
}
