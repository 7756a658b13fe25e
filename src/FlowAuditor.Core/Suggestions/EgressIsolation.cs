using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Suggestions;

/// <summary>Which namespaces are isolated for egress as a whole, so a namespace-wide allow there isolates nobody new.</summary>
public static class EgressIsolation
{
    /// <summary>Namespaces with known pods, every one of them selected by a policy that isolates its egress.</summary>
    public static IReadOnlySet<string> FullyIsolatedNamespaces(ClusterModel cluster, PolicyEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(evaluator);
        return cluster.Pods.Where(p => p.Namespace is not null && !p.HostNetwork).GroupBy(p => p.Namespace!)
            .Where(g => g.All(pod => evaluator.PoliciesSelecting(pod, TrafficDirection.Egress).Any(p => p.IsolatesEgress)))
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
    }
}
