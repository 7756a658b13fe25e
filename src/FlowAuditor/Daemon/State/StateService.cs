using FlowAuditor.Core.Auditing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// Keeps what the daemon learned across restarts: restores stored observations once the first policy snapshot is in
/// (so they are re-attributed against real policies), flushes on an interval, and flushes once more at shutdown,
/// after the pipeline has drained.
/// </summary>
internal sealed partial class StateService(
    AuditState state,
    DaemonOptions options,
    TimeProvider time,
    ILogger<StateService> logger) : BackgroundService
{
    private ObservationStore? _store;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.StateDir is { } directory)
        {
            // Fatal and clear at start: an unwritable state directory is a configuration error, not a transient one.
            _store = ObservationStore.Open(directory);
            Opened(logger, _store.Path);
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

    /// <summary>Writes the current observations (also called by tests and the demo).</summary>
    public void Flush()
    {
        if (_store is null)
        {
            return;
        }

        var observations = state.Export();
        _store.Save(observations, time.GetUtcNow() - Retention);
        Flushed(logger, observations.Count);
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
                IReadOnlyList<PersistedObservation> stored = _store.Load(time.GetUtcNow() - Retention);
                state.Restore(stored);
                Restored(logger, stored.Count);
            }
            finally
            {
                state.RestoreCompleted();
            }

            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.FlushIntervalSeconds), time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan Retention => TimeSpan.FromHours(options.RetentionHours);

    [LoggerMessage(Level = LogLevel.Information, Message = "State store at {Path}")]
    private static partial void Opened(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Count} observations from the state store")]
    private static partial void Restored(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Flushed {Count} observations")]
    private static partial void Flushed(ILogger logger, int count);
}
