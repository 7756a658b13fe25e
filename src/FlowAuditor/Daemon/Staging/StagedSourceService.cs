using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon.Staging;

/// <summary>
/// Feeds <see cref="StagedState"/>: follows <c>--staged-dir</c> when set, and takes the StagedPolicy resources of
/// every policy snapshot. Says loudly when a verdict filter hides the forwarded flows would-deny needs.
/// </summary>
internal sealed partial class StagedSourceService(
    StagedState state, IPolicySource policies, DaemonOptions options, ILoggerFactory loggerFactory, TimeProvider time, ILogger<StagedSourceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!state.ForwardedFlowsSeen)
        {
            ForwardedFlowsFiltered(logger, StagedState.ForwardedFlowsMissing);
        }

        policies.SnapshotChanged += FromSnapshot;
        state.UseCluster(policies.Current.Staged);
        try
        {
            if (options.StagedDir is { } directory)
            {
                var source = new StagedDirectorySource(directory, new DirectoryPolicySourceOptions(), loggerFactory, time);
                source.Changed += staged =>
                {
                    state.UseDirectory(staged);
                    foreach (var diagnostic in staged.Diagnostics.Where(d => d.Severity != Core.Diagnostics.Severity.Info))
                    {
                        StagedDiagnostic(logger, diagnostic.ToString());
                    }

                    Loaded(logger, directory, staged.Changes.Count);
                };
                await source.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            policies.SnapshotChanged -= FromSnapshot;
        }
    }

    private void FromSnapshot(PolicySnapshot snapshot) => state.UseCluster(snapshot.Staged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staged policies: {Warning}")]
    private static partial void ForwardedFlowsFiltered(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staged input: {Diagnostic}")]
    private static partial void StagedDiagnostic(ILogger logger, string diagnostic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staged directory {Directory}: {Count} staged changes")]
    private static partial void Loaded(ILogger logger, string directory, int count);
}
