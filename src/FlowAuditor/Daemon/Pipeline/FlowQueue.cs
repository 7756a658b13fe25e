using System.Threading.Channels;
using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon.Metrics;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// The bounded queue between the Hubble stream and attribution. A full queue applies backpressure (the stream
/// reader waits, counted in <c>flowauditor_queue_full_total</c>); if it stays full past the wait limit the flow is
/// dropped and counted in <c>flowauditor_queue_overflow_total</c>. Never silent.
/// </summary>
internal sealed class FlowQueue
{
    private readonly Channel<FlowRecord> _channel;
    private readonly DaemonMetrics _metrics;
    private readonly TimeSpan _fullWait;
    private readonly TimeProvider _time;
    private int _highWaterMark;

    public FlowQueue(DaemonOptions options, DaemonMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.QueueCapacity;
        _channel = Channel.CreateBounded<FlowRecord>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _metrics = metrics;
        _fullWait = TimeSpan.FromSeconds(options.QueueFullWaitSeconds);
        _time = time;
        metrics.QueueCapacity.Set(Capacity);
    }

    public int Capacity { get; }

    public int Depth => _channel.Reader.Count;

    public ChannelReader<FlowRecord> Reader => _channel.Reader;

    public long Overflowed { get; private set; }

    /// <summary>The deepest the queue has been since start (<c>flowauditor_queue_high_water_mark</c>).</summary>
    public int HighWaterMark => Volatile.Read(ref _highWaterMark);

    public async ValueTask EnqueueAsync(FlowRecord flow, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(flow))
        {
            // Single writer: only this method raises the mark.
            var depth = _channel.Reader.Count;
            if (depth > _highWaterMark)
            {
                Volatile.Write(ref _highWaterMark, depth);
            }

            return;
        }

        Volatile.Write(ref _highWaterMark, Capacity);
        _metrics.QueueFull.Inc();
        using var timeout = new CancellationTokenSource(_fullWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _channel.Writer.WriteAsync(flow, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Overflowed++;
            _metrics.QueueOverflow.Inc();
        }
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);
}
