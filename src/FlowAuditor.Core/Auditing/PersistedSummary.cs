using FlowAuditor.Core.Attribution;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// An audit's summary counters in storable form (the daemon's state store keeps them across restarts). Restoring
/// adds them to what the session counted so far.
/// </summary>
public sealed record PersistedSummary(
    long Events,
    long Attempts,
    long RepeatedEvents,
    long AuditModeForwards,
    long Incomplete,
    IReadOnlyDictionary<FlowClass, long> EventsByClass,
    IReadOnlyDictionary<AttributionOutcome, long> ConnectionsByOutcome,
    IReadOnlyDictionary<string, long> NonPolicyDropsByReason);
