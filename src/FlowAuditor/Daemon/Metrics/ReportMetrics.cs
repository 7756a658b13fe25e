using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// The metrics that are conclusions of the report, set from the shared <see cref="ReportModel"/> each time it is
/// built, so <c>/metrics</c> and <c>/api/v1/report</c> never disagree: pending suggestions, aggregation overflow,
/// enforce readiness and the last AUDIT time per namespace.
/// </summary>
internal sealed class ReportMetrics(DaemonMetrics metrics)
{
    public void Publish(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var report = model.Report;
        metrics.PendingSuggestions.Unpublish();
        foreach (var ns in report.Suggestions.Policies.GroupBy(p => p.Namespace))
        {
            metrics.PendingSuggestions.WithLabels(metrics.Namespaces.Admit(ns.Key)).Set(ns.Count());
        }

        metrics.AggregationOverflow.IncTo(report.OverflowConnections);
        foreach (var ns in model.Namespaces ?? [])
        {
            var label = metrics.Namespaces.Admit(ns.Namespace);
            metrics.EnforceReady.WithLabels(label).Set(ns.EnforceReady ? 1 : 0);
            if (ns.LastAudit is { } last && label != LabelValueLimiter.Overflow)
            {
                // A timestamp rather than an age: it survives restarts in Prometheus and max() across nodes is exact.
                metrics.LastAudit.WithLabels(label).Set(last.ToUnixTimeMilliseconds() / 1000.0);
            }
        }
    }
}
