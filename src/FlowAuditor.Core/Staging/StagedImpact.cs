namespace FlowAuditor.Core.Staging;

/// <summary>The measured effect of staged changes on observed traffic: each change alone, and all together.</summary>
public sealed record StagedImpact(IReadOnlyList<StagedChangeImpact> Changes, StagedChangeImpact Combined)
{
    public static readonly StagedImpact None = new([], new StagedChangeImpact(null, 0, 0, []));

    /// <summary>Observed attempts measured (groups of the bounded aggregation).</summary>
    public long Attempts { get; init; }

    public int Keys { get; init; }

    public int MaxKeys { get; init; }

    /// <summary>Attempts not measured because the aggregation bound was reached.</summary>
    public long OverflowAttempts { get; init; }

    public bool BoundReached => OverflowAttempts > 0;
}
