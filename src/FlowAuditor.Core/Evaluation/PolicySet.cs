using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

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

    /// <summary>
    /// The named container ports of the cluster the policies apply to: up to 1.19 Cilium resolves egress named ports
    /// over all of them (<see cref="Evaluation.EgressNamedPorts.ClusterWide"/>).
    /// </summary>
    public ClusterNamedPorts NamedPorts { get; init; } = ClusterNamedPorts.Empty;

    public PolicySet With(IEnumerable<Policy> more, long revision) => new(Policies.Concat(more), revision) { NamedPorts = NamedPorts };

    /// <summary>The same policies under another revision.</summary>
    public PolicySet WithRevision(long revision) => new(Policies, revision) { NamedPorts = NamedPorts };

    public int Count(PolicyKind kind) => Policies.Where(p => p.Ref.Kind == kind).Select(p => p.Ref).Distinct().Count();
}
