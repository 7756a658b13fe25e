using FlowAuditor.Core.Auditing;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// Everything the daemon keeps across restarts, taken at one instant so the parts agree: the aggregated observations,
/// the summary counters and the stream position they include.
/// </summary>
internal sealed record StateSnapshot(IReadOnlyList<PersistedObservation> Observations, PersistedSummary Summary, IReadOnlyList<StoredNodePosition> Position);
