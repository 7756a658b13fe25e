using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation;

/// <summary>One reason a direction is denied: a policy, the rule concerned (if any), and why.</summary>
public sealed record Denial(PolicyRef Policy, int? Rule, DenialReason Reason)
{
    public int? Spec { get; init; }

    /// <summary>The policy isolates the direction but has no rules for it at all.</summary>
    public bool NoRulesDefined { get; init; }

    /// <summary>For <see cref="DenialReason.NoRuleSelectsPeer"/>: rules that allow this port, but for other peers.</summary>
    public IReadOnlyList<PeerNearMiss> PeerNearMisses { get; init; } = [];

    public bool Equals(Denial? other) =>
        other is not null && Policy == other.Policy && Rule == other.Rule && Reason == other.Reason && Spec == other.Spec
        && NoRulesDefined == other.NoRulesDefined && PeerNearMisses.SequenceEqual(other.PeerNearMisses, PeerNearMissComparer.Instance);

    public override int GetHashCode() => HashCode.Combine(Policy, Rule, Reason, Spec, NoRulesDefined, PeerNearMisses.Count);

    private sealed class PeerNearMissComparer : IEqualityComparer<PeerNearMiss>
    {
        public static readonly PeerNearMissComparer Instance = new();

        public bool Equals(PeerNearMiss? x, PeerNearMiss? y) => x is not null && y is not null && x.Rule == y.Rule && x.Peers.SequenceEqual(y.Peers);

        public int GetHashCode(PeerNearMiss obj) => obj.Rule;
    }
}
