using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// Refreshes the shared report (and with it the pending-suggestions gauge) periodically, for when nothing reads it;
/// policy changes trigger a refresh too, from the policy source service.
/// </summary>
internal sealed class SuggestionRefreshService(Reports.SharedReport report, DaemonOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SuggestionIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                report.Current();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
