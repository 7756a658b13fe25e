using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation.Compiled;

/// <summary>A policy with its rules compiled, split by direction and allow/deny.</summary>
internal sealed class CompiledPolicy
{
    public CompiledPolicy(Policy policy, CompiledRule[] ingress, CompiledRule[] egress, CompiledRule[] ingressDeny, CompiledRule[] egressDeny)
    {
        Policy = policy;
        Ingress = ingress;
        Egress = egress;
        IngressDeny = ingressDeny;
        EgressDeny = egressDeny;
    }

    public Policy Policy { get; }

    public CompiledRule[] Ingress { get; }

    public CompiledRule[] Egress { get; }

    public CompiledRule[] IngressDeny { get; }

    public CompiledRule[] EgressDeny { get; }

    public CompiledRule[] Allows(TrafficDirection direction) => direction == TrafficDirection.Ingress ? Ingress : Egress;

    public CompiledRule[] Denies(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressDeny : EgressDeny;
}
