using System.Collections.Concurrent;
using FlowAuditor.Core.Flows;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// How far the pipeline got: flows read, flows attributed, the flow time of the newest attributed flow per node (the
/// lag gauge: now minus that), whether the stream ended and the queue drained. The demo waits on
/// <see cref="WhenDrained"/>; tests wait on counts.
/// </summary>
internal sealed class PipelineProgress(HubbleClient client)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _read;
    private long _attributed;
    private long _attributionBusyTicks;
    private readonly ConcurrentDictionary<string, NewestFlow> _newest = new(StringComparer.Ordinal);
    private string? _lastNode;
    private NewestFlow? _lastSlot;

    public long Read => Interlocked.Read(ref _read);

    public long AttributedCount => Interlocked.Read(ref _attributed);

    /// <summary>The Hubble stream is open (false while the client backs off between reconnects).</summary>
    public bool StreamConnected => client.Counters.Connected;

    public Task WhenDrained => _drained.Task;

    /// <summary>Time the attribution loop spent attributing (not waiting for flows): the share of a core it needs.</summary>
    public TimeSpan AttributionBusyTime => TimeSpan.FromTicks(Interlocked.Read(ref _attributionBusyTicks));

    public void AttributionBusy(TimeSpan elapsed) => Interlocked.Add(ref _attributionBusyTicks, elapsed.Ticks);

    public void FlowRead() => Interlocked.Increment(ref _read);

    public void Attributed() => Interlocked.Increment(ref _attributed);

    /// <summary>One flow attributed (single caller: the attribution loop).</summary>
    public void Attributed(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        Attributed();
        var node = flow.NodeName ?? string.Empty;
        // Flows of one node come in runs: skip the dictionary while the node does not change.
        if (!ReferenceEquals(node, _lastNode) || _lastSlot is null)
        {
            _lastSlot = _newest.GetOrAdd(node, _ => new NewestFlow());
            _lastNode = node;
        }

        _lastSlot.Advance(flow.Time);
    }

    /// <summary>Per node (empty when Hubble names none), the flow time of the newest attributed flow.</summary>
    public IReadOnlyList<(string Node, DateTimeOffset Newest)> NewestFlowTimes() =>
        [.. _newest.Select(kv => (kv.Key, kv.Value.Time))];

    public void Drained() => _drained.TrySetResult();

    private sealed class NewestFlow
    {
        private long _ticks;

        public DateTimeOffset Time => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(DateTimeOffset time)
        {
            var ticks = time.UtcTicks;
            if (ticks > Interlocked.Read(ref _ticks))
            {
                Interlocked.Exchange(ref _ticks, ticks);
            }
        }
    }
}
