using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Daemon;

/// <summary>A frozen snapshot of the daemon's aggregates with the policy snapshot and agent options in force when it was taken.</summary>
internal sealed record FrozenAudit(AuditSnapshot Snapshot, PolicySet Policies, ClusterModel Cluster, EvaluationOptions Evaluation)
{
    /// <summary>Suggestions and verification computed afresh (outside the ingest lock).</summary>
    public AuditReport BuildReport(SuggestionOptions suggestionOptions) => Snapshot.BuildReport(Policies, Cluster, suggestionOptions, Evaluation);

    /// <summary>
    /// This snapshot's counts and rows with suggestions and verification computed before from equal inputs
    /// (<see cref="Reports.SuggestionInputs"/>).
    /// </summary>
    public AuditReport ReportWith(AuditReport previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return new AuditReport(Snapshot.Counters, Snapshot.Denied, previous.Suggestions, previous.Verification)
        {
            PolicyRevision = Policies.Revision,
            AggregationBoundReached = Snapshot.AggregationBoundReached,
            OverflowConnections = Snapshot.OverflowConnections,
            MaxAggregates = Snapshot.MaxAggregates,
        };
    }
}
