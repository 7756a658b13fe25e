using FlowAuditor.Core.Attribution;

namespace FlowAuditor.Core.Auditing;

/// <summary>The summary counters of an audit in storable form, so the daemon's summary survives a restart.</summary>
public sealed record AuditCountersData(
    long Events,
    long Attempts,
    long AuditModeForwards,
    long RepeatedEvents,
    IReadOnlyDictionary<FlowClass, long> EventsByClass,
    IReadOnlyDictionary<AttributionOutcome, long> ConnectionsByOutcome,
    IReadOnlyDictionary<string, long> NonPolicyDropsByReason);
