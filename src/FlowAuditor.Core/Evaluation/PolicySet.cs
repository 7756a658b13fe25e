using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// An immutable snapshot of the loaded policies. Every change produces a new snapshot with a higher revision;
/// caches derived from a snapshot are valid only for that revision.
/// </summary>
public sealed class PolicySet
{
    public static readonly PolicySet Empty = new([]);

    public PolicySet(IEnumerable<Policy> policies, long revision = 0)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Policies = [.. policies];
        Revision = revision;
    }

    public IReadOnlyList<Policy> Policies { get; }

    public long Revision { get; }

    public PolicySet With(IEnumerable<Policy> more, long revision) => new(Policies.Concat(more), revision);

    public int Count(PolicyKind kind) => Policies.Where(p => p.Ref.Kind == kind).Select(p => p.Ref).Distinct().Count();
}
