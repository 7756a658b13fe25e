using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation.Compiled;

/// <summary>
/// What the policy set says about one identity label set, computed once: which peer selectors select it (a bitset)
/// and which policies select it as subject in each direction. Cilium's selector cache does the same.
/// </summary>
internal sealed class IdentityRow
{
    private readonly ulong[] _selected;

    public IdentityRow(ulong[] selected, CompiledPolicy[] ingressSubjectOf, CompiledPolicy[] egressSubjectOf)
    {
        _selected = selected;
        IngressSubjectOf = ingressSubjectOf;
        EgressSubjectOf = egressSubjectOf;
    }

    public CompiledPolicy[] IngressSubjectOf { get; }

    public CompiledPolicy[] EgressSubjectOf { get; }

    public CompiledPolicy[] SubjectOf(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? IngressSubjectOf : EgressSubjectOf;

    public bool Selects(int selectorId) => (_selected[selectorId >> 6] & (1UL << (selectorId & 63))) != 0;
}
