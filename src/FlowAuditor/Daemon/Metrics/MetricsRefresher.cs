using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Kubernetes.Watching;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// Sets the metrics that mirror other components' state, just before each scrape. Counts kept elsewhere are mirrored
/// with <c>IncTo</c>, so they stay counters (a lower value, which cannot happen, would be ignored rather than reset).
/// </summary>
internal sealed class MetricsRefresher(
    DaemonMetrics metrics, AuditState state, FlowQueue queue, HubbleClient client, PipelineProgress progress, IPolicySource policySource, Reports.SharedReport report, TimeProvider time)
{
    public void Register() => metrics.Registry.AddBeforeCollectCallback(Refresh);

    public void Refresh()
    {
        metrics.QueueDepth.Set(queue.Depth);
        metrics.QueueHighWaterMark.Set(queue.HighWaterMark);
        var now = time.GetUtcNow();
        foreach (var (node, newest) in progress.NewestFlowTimes())
        {
            metrics.StreamLag.WithLabels(node).Set(Math.Max(0, (now - newest).TotalSeconds));
        }

        metrics.StreamUp.Set(progress.StreamConnected ? 1 : 0);
        metrics.Reconnects.IncTo(client.Counters.Reconnects);
        metrics.DuplicatesDropped.IncTo(client.Counters.DuplicatesDropped + state.ResumeDuplicates);
        foreach (var (source, count) in client.Counters.LostEventsBySource)
        {
            metrics.LostEvents.WithLabels(source.ToString()).IncTo(count);
        }

        // Readiness, last audits, pending suggestions: set by the shared report's build (at most 1 s old).
        report.Current();

        var status = policySource.Status;
        metrics.PolicySourceRejectedInputs.WithLabels(status.Source).IncTo(status.RejectedInputs);
        if (status.LastSync is { } synced)
        {
            metrics.PolicySourceLastSync.WithLabels(status.Source).Set(synced.ToUnixTimeMilliseconds() / 1000.0);
        }

        if (policySource is KubernetesPolicySource kubernetes)
        {
            foreach (var resource in kubernetes.Resources)
            {
                metrics.WatchedObjects.WithLabels(resource.Resource).Set(resource.Objects);
                metrics.WatchRelists.WithLabels(resource.Resource).IncTo(resource.Relists);
                metrics.WatchRestarts.WithLabels(resource.Resource).IncTo(resource.WatchRestarts);
                metrics.WatchErrors.WithLabels(resource.Resource).IncTo(resource.Errors);
                metrics.CrdMissing.WithLabels(resource.Resource).Set(resource.State == ResourceSyncState.CrdMissing ? 1 : 0);
            }
        }

        metrics.LabelOverflow.WithLabels("namespace").Set(metrics.Namespaces.Overflowed ? 1 : 0);
        metrics.LabelOverflow.WithLabels("workload").Set(metrics.Workloads.Overflowed ? 1 : 0);
        metrics.LabelOverflow.WithLabels("policy").Set(metrics.PolicyNames.Overflowed ? 1 : 0);
        metrics.LabelOverflow.WithLabels("node").Set(metrics.Nodes.Overflowed ? 1 : 0);
    }
}
