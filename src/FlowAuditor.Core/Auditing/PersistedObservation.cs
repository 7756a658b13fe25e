using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// One aggregated observation in storable form: the key, the representative endpoints and the counts. The
/// attribution is recomputed against the policies in force when restored; the outcome it had when stored only tells
/// a row that was denied (now <c>resolved</c> if allowed) from one Hubble denied although the policies allowed it.
/// </summary>
public sealed record PersistedObservation(
    AggregateKey Key,
    EndpointData Subject,
    EndpointData Peer,
    long Dropped,
    long Audited,
    long Forwarded,
    long Predicted,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string? SampleUuid,
    IReadOnlyList<string> PeerAddresses)
{
    /// <summary>The row's outcome when stored; null in state written before outcomes were kept.</summary>
    public Attribution.AttributionOutcome? Outcome { get; init; }

    /// <summary>The policy revision the row was attributed under when stored.</summary>
    public long PolicyRevision { get; init; }
}
