using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation;

/// <summary>A rule of a policy: policy, 1-based rule index, and the spec index for multi-spec Cilium policies.</summary>
public sealed record RuleRef(PolicyRef Policy, int Rule)
{
    public int? Spec { get; init; }

    public bool Deny { get; init; }

    /// <summary>Set when the rule has L7 rules: traffic is allowed at L3/L4 and handed to the proxy.</summary>
    public string? L7Protocol { get; init; }
}
