using FlowAuditor.Core.Attribution;

namespace FlowAuditor.Core.Auditing;

/// <summary>What an audit saw, by flow class, outcome and non-policy drop reason.</summary>
public sealed class AuditCounters
{
    private readonly Dictionary<FlowClass, long> _events = [];
    private readonly Dictionary<AttributionOutcome, long> _connections = [];
    private readonly SortedDictionary<string, long> _nonPolicyDrops = new(StringComparer.Ordinal);

    public long Events { get; private set; }

    /// <summary>Distinct connection attempts (5-tuples within the window) that carried a policy decision.</summary>
    public long Attempts { get; private set; }

    /// <summary>Forwarded events of attempts that had an AUDIT verdict: audit mode letting traffic through, as designed.</summary>
    public long AuditModeForwards { get; private set; }

    /// <summary>Events folded into an already counted connection attempt.</summary>
    public long RepeatedEvents { get; private set; }

    public IReadOnlyDictionary<FlowClass, long> EventsByClass => _events;

    public IReadOnlyDictionary<AttributionOutcome, long> ConnectionsByOutcome => _connections;

    public IReadOnlyDictionary<string, long> NonPolicyDropsByReason => _nonPolicyDrops;

    /// <summary>A copy of every counter, for durable state.</summary>
    public AuditCountersData Export() => new(
        Events, Attempts, AuditModeForwards, RepeatedEvents,
        new Dictionary<FlowClass, long>(_events), new Dictionary<AttributionOutcome, long>(_connections), new SortedDictionary<string, long>(_nonPolicyDrops, StringComparer.Ordinal));

    /// <summary>Adds stored counts (a restart brings back the summary of what was seen before it).</summary>
    public void Restore(AuditCountersData stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Events += stored.Events;
        Attempts += stored.Attempts;
        AuditModeForwards += stored.AuditModeForwards;
        RepeatedEvents += stored.RepeatedEvents;
        Add(_events, stored.EventsByClass);
        Add(_connections, stored.ConnectionsByOutcome);
        Add(_nonPolicyDrops, stored.NonPolicyDropsByReason);
    }

    public long EventsOf(FlowClass flowClass) => _events.GetValueOrDefault(flowClass);

    public long ConnectionsOf(AttributionOutcome outcome) => _connections.GetValueOrDefault(outcome);

    internal void CountEvent(FlowClass flowClass)
    {
        Events++;
        _events[flowClass] = _events.GetValueOrDefault(flowClass) + 1;
    }

    internal void CountRepeat() => RepeatedEvents++;

    internal void CountAttempt() => Attempts++;

    internal void CountAuditModeForward() => AuditModeForwards++;

    internal void CountConnection(AttributionOutcome outcome) => _connections[outcome] = _connections.GetValueOrDefault(outcome) + 1;

    internal void CountNonPolicyDrop(string reason) => _nonPolicyDrops[reason] = _nonPolicyDrops.GetValueOrDefault(reason) + 1;

    private static void Add<TKey>(IDictionary<TKey, long> counts, IReadOnlyDictionary<TKey, long> more)
        where TKey : notnull
    {
        foreach (var (key, count) in more)
        {
            counts[key] = counts.TryGetValue(key, out var current) ? current + count : count;
        }
    }
}
