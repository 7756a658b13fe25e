using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon.Reports;

/// <summary>
/// The daemon's one report, shared by <c>/api/v1/report</c>, <c>/api/v1/readiness</c>, <c>/api/v1/suggestions</c>,
/// the scrape-time metrics and the periodic suggestion refresh. Built outside the ingest lock from the frozen
/// snapshot, at most once per <see cref="DaemonOptions.ReportMaxAgeSeconds"/> (1 s), and at once after a policy change or the end of the restore (a
/// report must never name a removed policy, nor say restoring when it is not). One build at a time: readers that
/// arrive during a build wait for it and share it. Each build also sets the metrics derived from the report.
/// </summary>
internal sealed class SharedReport(AuditState state, RolloutReadinessView rollout, ReportMetrics metrics, DaemonOptions options, TimeProvider time)
{
    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(options.ReportMaxAgeSeconds);

    private readonly Lock _building = new();
    private DaemonReport? _last;
    private SuggestionInputs? _lastInputs;

    /// <summary>What the builds have cost so far.</summary>
    public ReportBuildStats Stats { get; } = new();

    /// <summary>The current report: the last build if still fresh, otherwise a new one.</summary>
    public DaemonReport Current()
    {
        if (Fresh(Volatile.Read(ref _last)) is { } fresh)
        {
            return fresh;
        }

        lock (_building)
        {
            // Another reader may have built it while this one waited.
            if (Fresh(_last) is { } built)
            {
                return built;
            }

            var report = Stats.Build(Build);
            Volatile.Write(ref _last, report);
            metrics.Publish(report.Model);
            return report;
        }
    }

    private DaemonReport? Fresh(DaemonReport? last) =>
        last is not null && last.Generation == state.ReportGeneration && last.Model.Restoring == state.Restoring && time.GetElapsedTime(last.BuiltAt) < _maxAge
            ? last
            : null;

    private DaemonReport Build()
    {
        // Read before the snapshot: a change during the build leaves this build stale, so the next reader rebuilds.
        var generation = state.ReportGeneration;
        var restoring = state.Restoring;
        var builtAt = time.GetTimestamp();
        var frozen = state.Freeze();
        var inputs = new SuggestionInputs(frozen);

        // Only counts and times moved since the last build: its suggestions and verification still hold.
        AuditReport report;
        if (_last is { } previous && inputs.Equals(_lastInputs))
        {
            report = frozen.ReportWith(previous.Model.Report);
            Stats.CountReuse();
        }
        else
        {
            report = frozen.BuildReport(new SuggestionOptions());
        }

        _lastInputs = inputs;
        // One snapshot of the namespaces for both the verdicts and the rows shown beside them.
        var namespaces = state.Readiness.Snapshot();
        var readiness = rollout.Compute(report, namespaces);
        var ready = readiness.Where(v => v.Ready).Select(v => v.Namespace).ToHashSet(StringComparer.Ordinal);
        var model = new ReportModel(report)
        {
            Restoring = restoring,
            // enforceReady follows the one rollout-readiness definition, like the metric and /api/v1/readiness.
            Namespaces = [.. namespaces.Select(n => n with { EnforceReady = ready.Contains(n.Namespace) })],
            Readiness = readiness,
        };
        return new DaemonReport(model, generation, builtAt, Stats);
    }
}
