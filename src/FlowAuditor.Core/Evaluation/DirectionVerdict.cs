using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// The verdict of one direction (the source's egress or the destination's ingress) with its attribution: which
/// policies isolate the subject, which rules allow, and for a denial, each isolating policy's reason.
/// </summary>
public sealed record DirectionVerdict(TrafficDirection Direction, bool Allowed)
{
    /// <summary>False when the subject is not a policy subject (external address, reserved entity).</summary>
    public bool Applies { get; init; } = true;

    public bool Isolated => IsolatedBy.Count > 0;

    public IReadOnlyList<PolicyRef> IsolatedBy { get; init; } = [];

    public IReadOnlyList<RuleRef> AllowedBy { get; init; } = [];

    public IReadOnlyList<Denial> Denials { get; init; } = [];

    /// <summary>Set when an agent option, not a rule, allows it (<c>allow-localhost=always</c> for the host).</summary>
    public string? AllowedByAgent { get; init; }

    /// <summary>Policies that select the subject but could not be evaluated, with the reason.</summary>
    public IReadOnlyList<string> NotEvaluated { get; init; } = [];

    /// <summary>Whether traffic is handed to the L7 proxy (an allowing rule carries L7 rules).</summary>
    public bool RedirectedToProxy => Allowed && AllowedBy.Any(r => r.L7Protocol is not null);

    /// <summary>
    /// Structural equality for grouping connection subsets with identical attribution: policies, rules and reasons.
    /// Near-miss hints are per port and do not split groups.
    /// </summary>
    public bool SameAttribution(DirectionVerdict other) =>
        Allowed == other.Allowed && Applies == other.Applies && AllowedByAgent == other.AllowedByAgent
        && IsolatedBy.SequenceEqual(other.IsolatedBy) && AllowedBy.SequenceEqual(other.AllowedBy)
        && Denials.Select(Key).SequenceEqual(other.Denials.Select(Key));

    private static (PolicyRef, int?, DenialReason, int?, bool) Key(Denial d) => (d.Policy, d.Rule, d.Reason, d.Spec, d.NoRulesDefined);
}
