using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Hubble.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// Reads the Hubble stream (the client reconnects, resumes and de-duplicates by itself), flows decoded straight from
/// the wire into Core records, and queues them. If the client gives up (a permanent error), the stream is retried
/// after a pause rather than killing the daemon: Hubble coming and going is normal on a node.
/// </summary>
internal sealed partial class FlowIngestService(
    HubbleClient client,
    AuditState state,
    FlowQueue queue,
    PipelineProgress progress,
    DaemonOptions options,
    DaemonMetrics metrics,
    TimeProvider time,
    ILogger<FlowIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Every (re)open resumes from what was attributed: flows still queued are read again and dropped
                    // as duplicates, never lost.
                    var start = BackfillStart.Choose(options, state.ResumeFrom, time.GetUtcNow());
                    await foreach (var item in client.ReadRecordsAsync(start, stoppingToken).ConfigureAwait(false))
                    {
                        switch (item)
                        {
                            case FlowRecordEvent flow:
                                progress.FlowRead();
                                await queue.EnqueueAsync(flow.Record, stoppingToken).ConfigureAwait(false);
                                break;
                            case StreamPaused:
                                // Nothing more buffered: hand over what was read, so a quiet stream holds no flow back.
                                await queue.FlushAsync(stoppingToken).ConfigureAwait(false);
                                break;
                            case NodeStatusChange status:
                                NodeStatus(logger, status.Status.StateChange.ToString(), string.Join(",", status.Status.NodeNames), status.Status.Message);
                                break;
                        }
                    }

                    await queue.FlushAsync(stoppingToken).ConfigureAwait(false);
                    if (!options.Follow)
                    {
                        StreamEnded(logger);
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    StreamFailed(logger, options.HubbleAddress, e.Message);
                }

                metrics.StreamUp.Set(0);
                await Task.Delay(RetryPause, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            metrics.StreamUp.Set(0);
            queue.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hubble node status {State}: {Nodes} {Message}")]
    private static partial void NodeStatus(ILogger logger, string state, string nodes, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hubble stream at {Address} failed: {Reason}; retrying in 10s")]
    private static partial void StreamFailed(ILogger logger, string address, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hubble stream ended (not following)")]
    private static partial void StreamEnded(ILogger logger);
}
