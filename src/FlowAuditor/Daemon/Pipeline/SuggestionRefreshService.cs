using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>Recomputes suggestions periodically (policy changes trigger a refresh too, from the policy source service).</summary>
internal sealed class SuggestionRefreshService(AuditState state, DaemonOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SuggestionIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                state.RefreshSuggestions();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
