using FlowAuditor.Core.Auditing;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// Everything the daemon keeps across restarts, taken at one instant so the parts agree: the aggregated observations,
/// the summary counters, the stream position they include and the connection windows still open at it.
/// </summary>
internal sealed record StateSnapshot(IReadOnlyList<PersistedObservation> Observations, PersistedSummary Summary, IReadOnlyList<StoredNodePosition> Position)
{
    public IReadOnlyList<PersistedWindow> Windows { get; init; } = [];
}
