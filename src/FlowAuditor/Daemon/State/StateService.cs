using FlowAuditor.Core.Auditing;
using FlowAuditor.Daemon.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// Keeps what the daemon learned across restarts. At start: opens the store (a corrupt one is moved aside and a
/// fresh one started; only a directory that cannot be created or written is fatal) and restores the stream position
/// before the stream opens. Once the first policy snapshot is in, restores observations (re-attributed against real
/// policies) and the summary. Flushes on an interval and once more at shutdown, after the pipeline has drained.
/// A flush that fails (disk full, I/O error) never stops the daemon: attribution goes on in memory, the flush is
/// retried with backoff, each failure is counted, and the log says so once when it starts failing and once when it
/// recovers.
/// </summary>
internal sealed partial class StateService(
    AuditState state,
    DaemonOptions options,
    DaemonMetrics metrics,
    StateStoreOpener opener,
    TimeProvider time,
    ILogger<StateService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly Lock _flushing = new();
    private IStateStore? _store;
    private int _consecutiveFailures;
    private CancellationTokenSource? _reschedule;

    /// <summary>True while the last flush failed.</summary>
    public bool Failing => Volatile.Read(ref _consecutiveFailures) > 0;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.StateDir is { } directory)
        {
            // Fatal and clear at start: an unwritable state directory is a configuration error, not a transient one.
            _store = opener(directory, time.GetUtcNow());
            Opened(logger, _store.Path);
            if (_store.CorruptMovedTo is { } aside)
            {
                metrics.StateCorrupt.Inc();
                CorruptMovedAside(logger, _store.Path, aside);
            }

            state.RestorePosition(_store.LoadPosition());
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Flush();
        _store?.Dispose();
    }

    public override void Dispose()
    {
        _store?.Dispose();
        base.Dispose();
    }

    /// <summary>Writes the current state; false when the write failed (counted and logged, retried by the loop).</summary>
    public bool Flush()
    {
        if (_store is null)
        {
            return true;
        }

        lock (_flushing)
        {
            var snapshot = state.Export();
            try
            {
                _store.Save(snapshot, time.GetUtcNow() - Retention);
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                metrics.StateFlushFailures.Inc();
                if (_consecutiveFailures++ == 0)
                {
                    FlushFailing(logger, _store.Path, e.Message);
                    Reschedule();
                }

                return false;
            }

            if (_consecutiveFailures > 0)
            {
                FlushRecovered(logger, _store.Path, _consecutiveFailures);
                _consecutiveFailures = 0;
            }

            Flushed(logger, snapshot.Observations.Count);
            return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is null)
        {
            state.RestoreCompleted();
            return;
        }

        try
        {
            await state.WhenPoliciesReady.WaitAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                Restore(_store);
            }
            finally
            {
                state.RestoreCompleted();
            }

            while (true)
            {
                using var reschedule = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                Volatile.Write(ref _reschedule, reschedule);
                try
                {
                    await Task.Delay(NextFlushDelay(), time, reschedule.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // A flush outside the loop failed: wait the retry delay rather than the rest of the interval.
                    continue;
                }

                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Reschedule()
    {
        try
        {
            Volatile.Read(ref _reschedule)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop already moved on to a new wait; it computes its delay from the failure count anyway.
        }
    }

    private void Restore(IStateStore store)
    {
        try
        {
            IReadOnlyList<PersistedObservation> stored = store.Load(time.GetUtcNow() - Retention);
            state.Restore(stored, store.LoadSummary(), store.LoadWindows());
            Restored(logger, stored.Count);
        }
        catch (Exception e) when (e is SqliteException or IOException or System.Text.Json.JsonException)
        {
            // Unreadable rows must not keep the daemon from attributing: start from what is live.
            RestoreFailed(logger, store.Path, e.Message);
        }
    }

    // The regular interval while flushes work; after failures, 1 s doubling up to that interval.
    private TimeSpan NextFlushDelay()
    {
        var interval = TimeSpan.FromSeconds(options.FlushIntervalSeconds);
        var failures = Volatile.Read(ref _consecutiveFailures);
        if (failures == 0)
        {
            return interval;
        }

        var backoff = FirstRetry * Math.Pow(2, Math.Min(failures - 1, 16));
        return backoff < interval ? backoff : interval;
    }

    private TimeSpan Retention => TimeSpan.FromHours(options.RetentionHours);

    [LoggerMessage(Level = LogLevel.Information, Message = "State store at {Path}")]
    private static partial void Opened(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "State store {Path} was corrupt; moved it to {Aside} and started a fresh one")]
    private static partial void CorruptMovedAside(ILogger logger, string path, string aside);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} observations from the state store")]
    private static partial void Restored(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restoring from {Path} failed ({Reason}); starting from live traffic only")]
    private static partial void RestoreFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Flushed {Count} observations")]
    private static partial void Flushed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing state to {Path} fails: {Reason}. Attribution continues in memory; retrying with backoff")]
    private static partial void FlushFailing(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing state to {Path} works again after {Failures} failed attempts")]
    private static partial void FlushRecovered(ILogger logger, string path, int failures);
}
