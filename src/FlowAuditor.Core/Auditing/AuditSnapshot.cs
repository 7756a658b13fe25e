using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// A frozen copy of an audit session's aggregates: counters, denied rows, the connections kept for verification and
/// the endpoints seen. Taking it is a copy; building a report from it (suggestions and verification, the expensive
/// part) touches nothing the session still writes, so the daemon does it outside its ingest lock.
/// </summary>
public sealed class AuditSnapshot
{
    internal AuditSnapshot(
        AuditCounters counters,
        IReadOnlyList<AggregateEntry> denied,
        IReadOnlyList<ReplayItem> replay,
        IReadOnlyList<Endpoint> seenEndpoints,
        DeniedTrafficAggregator aggregator)
    {
        Counters = counters;
        Denied = denied;
        Replay = replay;
        SeenEndpoints = seenEndpoints;
        AggregationBoundReached = aggregator.BoundReached;
        OverflowConnections = aggregator.OverflowConnections;
        MaxAggregates = aggregator.MaxEntries;
    }

    public AuditCounters Counters { get; }

    /// <summary>Sorted copies of the aggregated rows.</summary>
    public IReadOnlyList<AggregateEntry> Denied { get; }

    public IReadOnlyList<ReplayItem> Replay { get; }

    public IReadOnlyList<Endpoint> SeenEndpoints { get; }

    public bool AggregationBoundReached { get; }

    public long OverflowConnections { get; }

    public int MaxAggregates { get; }

    /// <summary>Suggestions for the denied rows, verified against <paramref name="policies"/>.</summary>
    public AuditReport BuildReport(PolicySet policies, ClusterModel cluster, SuggestionOptions suggestionOptions, EvaluationOptions? evaluationOptions = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(cluster);
        var suggestions = SuggestionEngine.Suggest(Denied, suggestionOptions with { EgressIsolatedNamespaces = EgressIsolation.FullyIsolatedNamespaces(policies) });
        var known = cluster.Pods.Concat(SeenEndpoints);

        // Suggestions left out (--suggest-safe) are not expected to be fixed by the others.
        var replay = suggestions.LeftOut.Count == 0 ? Replay : [.. Replay.Where(r => !suggestions.LeftOut.Contains(ConnectionRef.Of(r)))];
        var verification = SuggestionVerifier.Verify(policies, suggestions.Policies, replay, known, evaluationOptions);
        return new AuditReport(Counters, Denied, suggestions, verification)
        {
            PolicyRevision = policies.Revision,
            AggregationBoundReached = AggregationBoundReached,
            OverflowConnections = OverflowConnections,
            MaxAggregates = MaxAggregates,
        };
    }
}
