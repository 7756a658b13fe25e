namespace FlowAuditor.Core.Staging;

/// <summary>
/// What one staged change (or all of them together, <see cref="Change"/> null) would deny and admit, in observed
/// connection attempts, with every flipped aggregate, largest first.
/// </summary>
public sealed record StagedChangeImpact(StagedChange? Change, long WouldDeny, long WouldAllow, IReadOnlyList<StagedExample> Examples)
{
    /// <summary>Whether the enforced set holds the change's target: a set then replaces it, a deletion removes it.</summary>
    public bool TargetEnforced { get; init; }
}
