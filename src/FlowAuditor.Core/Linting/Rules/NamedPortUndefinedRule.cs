using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>named-port-undefined</c>: a rule names a port that no pod it targets defines, so the entry admits nothing.
/// Named ports resolve on the destination: for ingress the selected pods, for egress the peers:
/// <code>
/// ingress:
/// - ports: [{port: http}]   # no selected pod has a container port named http
/// </code>
/// Cilium resolves named ports per destination endpoint (pkg/policy/l4.go, named ports in PortProto lookups).
/// Only checked when the rule targets pods the manifests define.
/// </summary>
public sealed class NamedPortUndefinedRule : ILintRule
{
    public string Id => "named-port-undefined";

    public string Summary => "A named port is defined on no pod the rule targets.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var policy in context.Evaluated)
        {
            foreach (var rule in LintContext.AllRules(policy).Where(r => r.Ports.Any(p => p.IsNamed)))
            {
                var targets = Targets(context, policy, rule);
                if (targets.Count == 0 || rule.Source is null)
                {
                    continue;
                }

                foreach (var port in rule.Ports.Where(p => p.IsNamed && !targets.Any(t => p.IsResolvableOn(t.NamedPorts))))
                {
                    yield return new LintFinding(Id, Severity.Warning, rule.Source with { Field = $"{rule.Source.Field}.{(policy.Ref.Kind == PolicyKind.NetworkPolicy ? "ports" : "toPorts")}" },
                        $"named port '{port.Name}' ({port.Protocol.Name()}) is defined on none of the pods this rule targets ({LintText.Pods(targets)}), so it admits nothing",
                        $"use the port number, or name the container port '{port.Name}' in those pods");
                }
            }
        }
    }

    private static List<Endpoint> Targets(LintContext context, Policy policy, PolicyRule rule)
    {
        if (rule.Direction == TrafficDirection.Ingress)
        {
            return [.. context.SelectedPods(policy)];
        }

        return rule.MatchesAllPeers
            ? [.. context.Cluster.Pods]
            : [.. context.Cluster.Pods.Where(p => rule.Peers.OfType<SelectorPeer>().Any(s => s.Selector.Matches(p.Labels)))];
    }
}
