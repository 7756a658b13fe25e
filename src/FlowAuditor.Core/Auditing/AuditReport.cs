using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Core.Auditing;

/// <summary>Everything an audit concludes: counts, attributed denied traffic, suggestions and their verification.</summary>
public sealed record AuditReport(
    AuditCounters Counters,
    IReadOnlyList<AggregateEntry> Denied,
    SuggestionSet Suggestions,
    VerificationResult Verification)
{
    public long PolicyRevision { get; init; }

    /// <summary>Set when the aggregation bound was reached: <see cref="OverflowConnections"/> were not aggregated.</summary>
    public bool AggregationBoundReached { get; init; }

    public long OverflowConnections { get; init; }

    public int MaxAggregates { get; init; }
}
