using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Kubernetes.Watching;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>Sets the gauges that mirror other components' state, just before each scrape.</summary>
internal sealed class MetricsRefresher(
    DaemonMetrics metrics, AuditState state, FlowQueue queue, HubbleClient client, PipelineProgress progress, IPolicySource policySource, RolloutReadinessView readiness, TimeProvider time)
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
        metrics.Reconnects.Set(client.Counters.Reconnects);
        metrics.DuplicatesDropped.Set(client.Counters.DuplicatesDropped + state.ResumeDuplicates);
        foreach (var (source, count) in client.Counters.LostEventsBySource)
        {
            metrics.LostEvents.WithLabels(source.ToString()).Set(count);
        }

        var ready = readiness.Compute().Where(v => v.Ready).Select(v => v.Namespace).ToHashSet(StringComparer.Ordinal);
        foreach (var ns in state.Readiness.Snapshot())
        {
            var label = metrics.Namespaces.Admit(ns.Namespace);
            metrics.AuditAge.WithLabels(label).Set(ns.SinceLastAudit.TotalSeconds);
            metrics.EnforceReady.WithLabels(label).Set(ready.Contains(ns.Namespace) ? 1 : 0);
        }

        var status = policySource.Status;
        metrics.PolicyRejectedInputs.WithLabels(status.Source).IncTo(status.RejectedInputs);
        if (status.LastSync is { } synced)
        {
            metrics.PolicyLastSync.WithLabels(status.Source).Set(synced.ToUnixTimeMilliseconds() / 1000.0);
        }

        if (policySource is KubernetesPolicySource kubernetes)
        {
            foreach (var resource in kubernetes.Resources)
            {
                metrics.WatchedObjects.WithLabels(resource.Resource).Set(resource.Objects);
                metrics.WatchRelists.WithLabels(resource.Resource).Set(resource.Relists);
                metrics.WatchRestarts.WithLabels(resource.Resource).Set(resource.WatchRestarts);
                metrics.WatchErrors.WithLabels(resource.Resource).Set(resource.Errors);
                metrics.CrdMissing.WithLabels(resource.Resource).Set(resource.State == ResourceSyncState.CrdMissing ? 1 : 0);
            }
        }

        metrics.LabelOverflow.WithLabels("namespace").Set(metrics.Namespaces.Overflowed ? 1 : 0);
        metrics.LabelOverflow.WithLabels("workload").Set(metrics.Workloads.Overflowed ? 1 : 0);
        metrics.LabelOverflow.WithLabels("policy").Set(metrics.PolicyNames.Overflowed ? 1 : 0);
        metrics.LabelOverflow.WithLabels("node").Set(metrics.Nodes.Overflowed ? 1 : 0);
    }
}
