using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Staging;

/// <summary>Applies staged changes to an enforced policy set, giving the set that would be enforced after them.</summary>
public static class StagedChanges
{
    /// <summary>
    /// The enforced set with <paramref name="changes"/> applied. Every deletion is applied before any set, so the
    /// result does not depend on the order files were read in: a deletion and a set of the same object leave the
    /// set's version (a replacement). Of two sets of one object, the later wins.
    /// </summary>
    public static PolicySet Apply(PolicySet enforced, IEnumerable<StagedChange> changes)
    {
        ArgumentNullException.ThrowIfNull(enforced);
        ArgumentNullException.ThrowIfNull(changes);
        var list = changes.ToList();
        var removed = list.Select(c => c.Target).ToHashSet();
        var sets = new Dictionary<PolicyRef, StagedChange>();
        foreach (var change in list.Where(c => c.Action == StagedAction.Set))
        {
            sets[change.Target] = change;
        }

        // Kept: enforced objects nobody touches; then each set object's policies, in first-staged order.
        var policies = enforced.Policies.Where(p => !removed.Contains(p.Ref)).ToList();
        policies.AddRange(sets.Values.SelectMany(c => c.Policies));
        return new PolicySet(policies, enforced.Revision);
    }

    /// <summary>The enforced set with one change applied.</summary>
    public static PolicySet Apply(PolicySet enforced, StagedChange change) => Apply(enforced, [change]);

    /// <summary>Whether the enforced set holds the change's target (a set then replaces it; a deletion removes it).</summary>
    public static bool TargetsEnforced(PolicySet enforced, StagedChange change)
    {
        ArgumentNullException.ThrowIfNull(enforced);
        ArgumentNullException.ThrowIfNull(change);
        return enforced.Policies.Any(p => p.Ref == change.Target);
    }
}
