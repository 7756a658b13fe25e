using System.Collections.Concurrent;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Client;

/// <summary>Counters for metrics; safe to read from another thread while the client runs.</summary>
public sealed class HubbleClientCounters
{
    private readonly ConcurrentDictionary<LostEventSource, ulong> _lostBySource = new();
    private long _flows;
    private long _flowBytes;
    private long _duplicates;
    private long _reconnects;
    private long _nodeStatusEvents;
    private int _connected;

    public long Flows => Interlocked.Read(ref _flows);

    /// <summary>Encoded size of the flow messages the fast path read (wire cost; what field_mask saves).</summary>
    public long FlowBytes => Interlocked.Read(ref _flowBytes);

    /// <summary>Flows dropped because their uuid was already delivered (the overlap of a resumed stream).</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long NodeStatusEvents => Interlocked.Read(ref _nodeStatusEvents);

    /// <summary>
    /// True while a stream is open: from a successful open (the server answered ServerStatus and the GetFlows call
    /// started) until the stream fails or ends. False during reconnect backoff.
    /// </summary>
    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>Sum of num_events_lost per source.</summary>
    public IReadOnlyDictionary<LostEventSource, ulong> LostEventsBySource => new Dictionary<LostEventSource, ulong>(_lostBySource);

    internal void FlowDelivered() => Interlocked.Increment(ref _flows);

    internal void FlowRead(int bytes) => Interlocked.Add(ref _flowBytes, bytes);

    internal void DuplicateDropped() => Interlocked.Increment(ref _duplicates);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void NodeStatusSeen() => Interlocked.Increment(ref _nodeStatusEvents);

    internal void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);

    internal void Lost(LostEventSource source, ulong count) =>
        _lostBySource.AddOrUpdate(source, count, (_, total) => total + count);
}
