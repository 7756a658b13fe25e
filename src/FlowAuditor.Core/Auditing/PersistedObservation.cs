using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// One aggregated observation in storable form: the key, the representative endpoints and the counts. The
/// attribution is not stored; it is recomputed against the policies in force when restored.
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
    IReadOnlyList<string> PeerAddresses);
