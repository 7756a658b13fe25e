using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// The replayed capture as an endless numbered sequence, like an agent's ring buffer: entry `seq` is capture record
/// `seq mod n` of pass `seq / n`. What is published (visible to readers) follows the pacing; times follow the rebase
/// rule. Owned by <see cref="ReplayServer"/> so it outlives a restart of the listener, as an agent's ring outlives a
/// relay restart.
/// </summary>
internal sealed class ReplayFeed
{
    private const long NanosPerSecond = 1_000_000_000L;

    private readonly ReplayEntry[] _entries;
    private readonly ReplayServerOptions _options;
    private readonly TimeProvider _time;
    private readonly long _startNanos;
    private readonly long _offsetNanos;
    private readonly long _passNanos;
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _releasedCount;

    public ReplayFeed(IEnumerable<GetFlowsResponse> records, ReplayServerOptions options, TimeProvider time)
    {
        _entries = [.. records.Select(ReplayEntry.From)];
        _options = options;
        _time = time;
        Stamp = new PassStamp(options);
        StartedAt = time.GetUtcNow();
        _startNanos = ToNanos(StartedAt);
        var times = _entries.Where(e => e.OriginalTimeNanos is not null).Select(e => e.OriginalTimeNanos!.Value).ToList();
        var (min, max) = times.Count == 0 ? (_startNanos, _startNanos) : (times.Min(), times.Max());
        // Rebased, the newest captured flow happened "now"; a loop's next pass follows 1 ms after the previous.
        _offsetNanos = options.KeepTime ? 0 : _startNanos - max;
        _passNanos = (max - min) + 1_000_000;
        NodeNames = [.. _entries.Select(e => e.NodeName).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Uuids and ports per pass; drawn once per server, so a restarted replay serves new uuids.</summary>
    public PassStamp Stamp { get; }

    public int Count => _entries.Length;

    public IReadOnlyList<string> NodeNames { get; }

    public IReadOnlyList<ReplayEntry> Entries => _entries;

    /// <summary>A loop with no pacing never runs out: readers just stream as fast as they can.</summary>
    public bool Unbounded => _options.Loop && _options.Rate is null && !_options.ManualRelease;

    public bool AssignsTimes => _options.Rate is not null;

    public long Published
    {
        get
        {
            var limit = _entries.Length == 0 ? 0 : _options.Loop ? long.MaxValue : _entries.Length;
            if (_options.ManualRelease)
            {
                return Math.Min(limit, Interlocked.Read(ref _releasedCount));
            }

            if (_options.Rate is { } rate)
            {
                var elapsed = (_time.GetUtcNow() - StartedAt).TotalSeconds;
                return Math.Min(limit, (long)Math.Floor(elapsed * rate));
            }

            return limit;
        }
    }

    /// <summary>
    /// The oldest entry still in the ring: the last <see cref="ReplayServerOptions.RingSize"/> published ones. An
    /// unbounded loop has no writer pace, so its readers are never lapped.
    /// </summary>
    public long Oldest(long published) =>
        Unbounded ? 0 : Math.Max(0, published - _options.RingSize);

    public ReplayEntry EntryAt(long seq) => _entries[seq % _entries.Length];

    public int PassOf(long seq) => (int)(seq / _entries.Length);

    /// <summary>Time of entry `seq` as served, or null when the capture had none and nothing assigns one.</summary>
    public long? TimeAt(long seq)
    {
        if (_options.Rate is { } rate)
        {
            return _startNanos + (long)(seq * (NanosPerSecond / rate));
        }

        return EntryAt(seq).OriginalTimeNanos is { } original ? original + _offsetNanos + (PassOf(seq) * _passNanos) : null;
    }

    public void Release(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        TaskCompletionSource released;
        lock (_gate)
        {
            Interlocked.Add(ref _releasedCount, count);
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    /// <summary>Waits until entry `seq` is published.</summary>
    public async Task WaitForAsync(long seq, CancellationToken cancellationToken)
    {
        while (Published <= seq)
        {
            if (_options.Rate is { } rate)
            {
                var due = StartedAt + TimeSpan.FromSeconds((seq + 1) / rate);
                var wait = due - _time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            Task released;
            lock (_gate)
            {
                if (Published > seq)
                {
                    return;
                }

                released = _released.Task;
            }

            if (!_options.ManualRelease && !_options.Loop)
            {
                // A finite, unpaced capture is all published already: a follower waits until it is cancelled.
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static long ToNanos(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;
}
