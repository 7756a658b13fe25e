using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation;

/// <summary>One reason a direction is denied: a policy, the rule concerned (if any), and why.</summary>
public sealed record Denial(PolicyRef Policy, int? Rule, DenialReason Reason)
{
    public int? Spec { get; init; }

    /// <summary>The policy isolates the direction but has no rules for it at all.</summary>
    public bool NoRulesDefined { get; init; }
}
