using System.Diagnostics;
using System.Buffers;
using System.Threading.Channels;
using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon.Metrics;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// The bounded queue between the Hubble stream and attribution, carrying flows in batches (up to
/// <see cref="MaxBatch"/>, or what was read when the stream pauses) so the hand-over costs once per batch, not per
/// flow. A full queue applies backpressure (the stream reader waits, counted in <c>flowauditor_queue_full_total</c>);
/// if it stays full past the wait limit the batch is dropped and its flows counted in
/// <c>flowauditor_queue_overflow_total</c>. Never silent. Depth and high-water mark are in flows.
/// </summary>
internal sealed class FlowQueue
{
    public const int MaxBatch = 256;

    private readonly Channel<FlowBatch> _channel;
    private readonly DaemonMetrics _metrics;
    private readonly TimeSpan _fullWait;
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private FlowRecord[]? _pending;
    private int _pendingCount;
    private long _depth;
    private long _fullWaitTicks;
    private int _highWaterMark;

    public FlowQueue(DaemonOptions options, DaemonMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.QueueCapacity;
        _batchSize = Math.Clamp(Capacity, 1, MaxBatch);
        // Counted in batches: full batches fill it to Capacity flows; a queue that is behind gets full batches.
        _channel = Channel.CreateBounded<FlowBatch>(new BoundedChannelOptions(Math.Max(1, Capacity / _batchSize))
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

    /// <summary>Flows read and not yet taken by attribution.</summary>
    public int Depth => (int)Interlocked.Read(ref _depth);

    public ChannelReader<FlowBatch> Reader => _channel.Reader;

    public long Overflowed { get; private set; }

    /// <summary>How long the stream reader has waited on a full queue: attribution being the slower stage.</summary>
    public TimeSpan FullWaitTime => TimeSpan.FromTicks(Interlocked.Read(ref _fullWaitTicks));

    /// <summary>The deepest the queue has been since start, in flows (<c>flowauditor_queue_high_water_mark</c>).</summary>
    public int HighWaterMark => Volatile.Read(ref _highWaterMark);

    /// <summary>Adds a flow to the batch being filled; a full batch is sent (single writer: the stream reader).</summary>
    public ValueTask EnqueueAsync(FlowRecord flow, CancellationToken cancellationToken)
    {
        _pending ??= ArrayPool<FlowRecord>.Shared.Rent(_batchSize);
        _pending[_pendingCount++] = flow;
        var depth = Interlocked.Increment(ref _depth);
        if (depth > _highWaterMark)
        {
            // Single writer: only the stream reader raises the mark.
            Volatile.Write(ref _highWaterMark, (int)Math.Min(depth, Capacity));
        }

        return _pendingCount >= _batchSize ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Sends the batch being filled now (the stream paused, or ended), waiting while the queue is full.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (TakePending() is not { } batch || _channel.Writer.TryWrite(batch))
        {
            return;
        }

        Volatile.Write(ref _highWaterMark, Capacity);
        _metrics.QueueFull.Inc();
        using var timeout = new CancellationTokenSource(_fullWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _channel.Writer.WriteAsync(batch, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Overflowed += batch.Count;
            _metrics.QueueOverflow.Inc(batch.Count);
            Release(batch);
        }
        finally
        {
            Interlocked.Add(ref _fullWaitTicks, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }

    /// <summary>Attribution took <paramref name="batch"/>: its flows no longer wait.</summary>
    public void Taken(FlowBatch batch) => Interlocked.Add(ref _depth, -batch.Count);

    /// <summary>Attribution is done with <paramref name="batch"/>: its array goes back to the pool.</summary>
    public static void Return(FlowBatch batch) => ArrayPool<FlowRecord>.Shared.Return(batch.Items, clearArray: true);

    /// <summary>Ends the queue; a batch still being filled is sent if there is room (shutdown drains it).</summary>
    public void Complete(Exception? error = null)
    {
        if (TakePending() is { } batch && !_channel.Writer.TryWrite(batch))
        {
            Overflowed += batch.Count;
            _metrics.QueueOverflow.Inc(batch.Count);
            Release(batch);
        }

        _channel.Writer.TryComplete(error);
    }

    private FlowBatch? TakePending()
    {
        if (_pendingCount == 0)
        {
            return null;
        }

        var batch = new FlowBatch(_pending!, _pendingCount);
        _pending = null;
        _pendingCount = 0;
        return batch;
    }

    private void Release(FlowBatch batch)
    {
        Taken(batch);
        Return(batch);
    }
}
