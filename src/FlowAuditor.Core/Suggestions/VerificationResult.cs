namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// The outcome of replaying observed denied traffic through the policies plus the suggestions. Breadth compares
/// peer × port combinations the suggestions allow (over known endpoints) with those observed.
/// </summary>
public sealed record VerificationResult(int Replayed, int NowAllowed, IReadOnlyList<ReplayItem> StillDenied)
{
    public bool Succeeded => StillDenied.Count == 0;

    public int ObservedCombinations { get; init; }

    public long AllowedCombinations { get; init; }

    /// <summary>Suggestions whose subject selector also selects other known workloads, or newly isolates them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
