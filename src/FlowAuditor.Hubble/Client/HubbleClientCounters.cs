using System.Collections.Concurrent;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Client;

/// <summary>Counters for metrics; safe to read from another thread while the client runs.</summary>
public sealed class HubbleClientCounters
{
    private readonly ConcurrentDictionary<LostEventSource, ulong> _lostBySource = new();
    private long _flows;
    private long _duplicates;
    private long _reconnects;
    private long _nodeStatusEvents;

    public long Flows => Interlocked.Read(ref _flows);

    /// <summary>Flows dropped because their uuid was already delivered (the overlap of a resumed stream).</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long NodeStatusEvents => Interlocked.Read(ref _nodeStatusEvents);

    /// <summary>Sum of num_events_lost per source.</summary>
    public IReadOnlyDictionary<LostEventSource, ulong> LostEventsBySource => new Dictionary<LostEventSource, ulong>(_lostBySource);

    internal void FlowDelivered() => Interlocked.Increment(ref _flows);

    internal void DuplicateDropped() => Interlocked.Increment(ref _duplicates);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void NodeStatusSeen() => Interlocked.Increment(ref _nodeStatusEvents);

    internal void Lost(LostEventSource source, ulong count) =>
        _lostBySource.AddOrUpdate(source, count, (_, total) => total + count);
}
