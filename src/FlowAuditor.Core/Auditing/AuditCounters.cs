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

    /// <summary>Policy decisions about a flow missing its source or destination endpoint (or their labels): not attributed.</summary>
    public long Incomplete { get; private set; }

    public IReadOnlyDictionary<FlowClass, long> EventsByClass => _events;

    public IReadOnlyDictionary<AttributionOutcome, long> ConnectionsByOutcome => _connections;

    public IReadOnlyDictionary<string, long> NonPolicyDropsByReason => _nonPolicyDrops;

    public long EventsOf(FlowClass flowClass) => _events.GetValueOrDefault(flowClass);

    public long ConnectionsOf(AttributionOutcome outcome) => _connections.GetValueOrDefault(outcome);

    /// <summary>A copy that later counting does not change.</summary>
    public AuditCounters Copy()
    {
        var copy = new AuditCounters
        {
            Events = Events,
            Attempts = Attempts,
            AuditModeForwards = AuditModeForwards,
            RepeatedEvents = RepeatedEvents,
            Incomplete = Incomplete,
        };
        foreach (var (key, value) in _events)
        {
            copy._events[key] = value;
        }

        foreach (var (key, value) in _connections)
        {
            copy._connections[key] = value;
        }

        foreach (var (key, value) in _nonPolicyDrops)
        {
            copy._nonPolicyDrops[key] = value;
        }

        return copy;
    }

    /// <summary>The counters in storable form.</summary>
    public PersistedSummary ToSummary() => new(
        Events,
        Attempts,
        RepeatedEvents,
        AuditModeForwards,
        Incomplete,
        new Dictionary<FlowClass, long>(_events),
        new Dictionary<AttributionOutcome, long>(_connections),
        new SortedDictionary<string, long>(_nonPolicyDrops, StringComparer.Ordinal));

    /// <summary>Adds stored counters (a restart's restore) to these.</summary>
    internal void Add(PersistedSummary summary)
    {
        Events += summary.Events;
        Attempts += summary.Attempts;
        RepeatedEvents += summary.RepeatedEvents;
        AuditModeForwards += summary.AuditModeForwards;
        Incomplete += summary.Incomplete;
        foreach (var (key, value) in summary.EventsByClass)
        {
            _events[key] = _events.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in summary.ConnectionsByOutcome)
        {
            _connections[key] = _connections.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in summary.NonPolicyDropsByReason)
        {
            _nonPolicyDrops[key] = _nonPolicyDrops.GetValueOrDefault(key) + value;
        }
    }

    internal void CountEvent(FlowClass flowClass)
    {
        Events++;
        _events[flowClass] = _events.GetValueOrDefault(flowClass) + 1;
    }

    internal void CountRepeat() => RepeatedEvents++;

    internal void CountAttempt() => Attempts++;

    internal void CountIncomplete() => Incomplete++;

    internal void CountAuditModeForward() => AuditModeForwards++;

    internal void CountConnection(AttributionOutcome outcome) => _connections[outcome] = _connections.GetValueOrDefault(outcome) + 1;

    internal void CountNonPolicyDrop(string reason) => _nonPolicyDrops[reason] = _nonPolicyDrops.GetValueOrDefault(reason) + 1;
}
