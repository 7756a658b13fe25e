using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>Drains the flow queue into the audit state, one flow at a time (the session is single-writer).</summary>
internal sealed class AttributionService(FlowQueue queue, AuditState state, PipelineProgress progress) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var flow in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                state.Observe(flow);
                progress.Attributed();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: attribute what was already read so the final state flush keeps it.
            while (queue.Reader.TryRead(out var flow))
            {
                state.Observe(flow);
                progress.Attributed();
            }
        }

        progress.Drained();
    }
}
