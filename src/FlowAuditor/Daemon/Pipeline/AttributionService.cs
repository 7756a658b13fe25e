using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// Drains the flow queue into the audit state, a batch at a time, one flow after another (the session is
/// single-writer). Starts only once the policy source has fully synced and stored observations are restored:
/// attributing against no policies would call every drop unexplained. Meanwhile flows wait in the bounded queue
/// (backpressure, then counted overflow).
/// </summary>
internal sealed class AttributionService(FlowQueue queue, AuditState state, PipelineProgress progress) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await state.WhenPoliciesReady.WaitAsync(stoppingToken).ConfigureAwait(false);
            await state.WhenRestored.WaitAsync(stoppingToken).ConfigureAwait(false);
            await foreach (var batch in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Attribute(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: attribute what was already read so the final state flush keeps it (not before policies
            // and stored state are in: that would be attributing against nothing).
            while (state.WhenRestored.IsCompletedSuccessfully && state.WhenPoliciesReady.IsCompletedSuccessfully && queue.Reader.TryRead(out var batch))
            {
                Attribute(batch);
            }
        }

        progress.Drained();
    }

    private void Attribute(FlowBatch batch)
    {
        queue.Taken(batch);
        var started = Stopwatch.GetTimestamp();
        foreach (var flow in batch.Flows)
        {
            state.Observe(flow);
            progress.Attributed(flow);
        }

        progress.AttributionBusy(Stopwatch.GetElapsedTime(started));
        FlowQueue.Return(batch);
    }
}
