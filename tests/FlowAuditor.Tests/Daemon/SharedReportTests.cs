using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.Reports;
using FlowAuditor.Daemon.Staging;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Tests.Support;
using static FlowAuditor.Tests.Support.ShopTraffic;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The daemon's one report (API, readiness, suggestions, metrics) is rebuilt at most once a second for readers
/// polling it, and at once when the policies or the restore state change: a report must never name a removed policy
/// or say restoring when it is not. Its build sets the report-derived metrics, so they agree with it.
/// </summary>
public sealed class SharedReportTests
{
    [Fact]
    public void A_report_is_reused_within_a_second_and_rebuilt_after_it()
    {
        var (state, reports, time, _) = Daemon();
        state.RestoreCompleted();
        state.Observe(Audited(T0));

        var first = reports.Current();
        state.Observe(Audited(T0.AddSeconds(30)));
        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Same(first, reports.Current());
        Assert.Equal(1, first.Model.Report.Counters.Events);

        time.Advance(TimeSpan.FromMilliseconds(100));
        var second = reports.Current();
        Assert.NotSame(first, second);
        Assert.Equal(2, second.Model.Report.Counters.Events);
        Assert.Same(second.Json, reports.Current().Json);
    }

    [Fact]
    public void A_policy_change_or_the_end_of_the_restore_rebuilds_at_once()
    {
        var (state, reports, _, _) = Daemon();
        state.Observe(Audited(T0));
        var restoring = reports.Current();
        Assert.True(restoring.Model.Restoring);

        state.RestoreCompleted();
        var restored = reports.Current();
        Assert.False(restored.Model.Restoring);

        state.ApplyPolicies(Core.Evaluation.PolicySet.Empty.WithRevision(7), Core.Cluster.ClusterModel.Empty, sourceReady: true);
        var changed = reports.Current();
        Assert.Equal(7, changed.Model.Report.PolicyRevision);
        Assert.Equal(Core.Attribution.AttributionOutcome.Resolved, Assert.Single(changed.Model.Report.Denied).Attribution.Outcome);
    }

    [Fact]
    public async Task The_report_metrics_follow_the_shared_report()
    {
        var (state, reports, _, metrics) = Daemon();
        state.RestoreCompleted();
        state.Observe(Audited(T0));

        var model = reports.Current().Model;
        var scrape = await RegistryScrape.ScrapeAsync(metrics);
        Assert.Equal(model.Report.Suggestions.Policies.Count(p => p.Namespace == "shop"), scrape.Sum("flowauditor_pending_suggestions", ("namespace", "shop")));
        Assert.NotEmpty(model.Report.Suggestions.Policies);
        var shop = Assert.Single(model.Namespaces!, n => n.Namespace == "shop");
        Assert.Equal(shop.EnforceReady ? 1 : 0, scrape.Sum("flowauditor_namespace_enforce_ready", ("namespace", "shop")));
    }

    [Fact]
    public async Task A_build_that_reuses_the_suggestions_while_only_counts_move_equals_a_fresh_build_over_the_example_capture()
    {
        var (state, reports, time, _) = Daemon();
        var loaded = ManifestLoader.Load([ThreeTierExample.Manifests]);
        Assert.False(loaded.HasErrors);
        state.ApplyPolicies(loaded.Policies, loaded.Cluster, sourceReady: true);
        state.RestoreCompleted();
        var mapper = new FlowAuditor.Hubble.Mapping.FlowRecordMapper();
        var flows = (await ThreeTierExample.RecordsAsync()).Where(r => r.Flow is not null).Select(r => mapper.Map(r.Flow, r.NodeName)).ToList();

        // The capture twice: the second pass repeats every row, so most of its builds can reuse.
        foreach (var chunk in flows.Concat(flows).Chunk(7))
        {
            foreach (var flow in chunk)
            {
                state.Observe(flow);
            }

            time.Advance(TimeSpan.FromSeconds(1));
            var shared = reports.Current().Model.Report;
            var fresh = state.BuildReport(new Core.Suggestions.SuggestionOptions());
            Assert.Equal(Kubernetes.Rendering.SuggestionYaml.RenderAll(fresh.Suggestions.Policies), Kubernetes.Rendering.SuggestionYaml.RenderAll(shared.Suggestions.Policies));
            Assert.Equal(fresh.Suggestions.NotSuggested.Select(n => $"{n.Key} {n.Reason}"), shared.Suggestions.NotSuggested.Select(n => $"{n.Key} {n.Reason}"));
            Assert.Equal(
                (fresh.Verification.Succeeded, fresh.Verification.Replayed, fresh.Verification.NowAllowed, fresh.Verification.StillDenied.Count, fresh.Verification.ObservedCombinations, fresh.Verification.AllowedCombinations, string.Join("\n", fresh.Verification.Warnings)),
                (shared.Verification.Succeeded, shared.Verification.Replayed, shared.Verification.NowAllowed, shared.Verification.StillDenied.Count, shared.Verification.ObservedCombinations, shared.Verification.AllowedCombinations, string.Join("\n", shared.Verification.Warnings)));
            Assert.Equal(fresh.Counters.Events, shared.Counters.Events);
        }

        Assert.InRange(reports.Stats.Reused, 1, reports.Stats.Builds - 2);
    }

    [Fact]
    public void A_row_whose_outcome_changes_while_nothing_else_does_gets_fresh_suggestions()
    {
        var (state, reports, time, _) = Daemon();
        state.RestoreCompleted();
        state.Observe(Dropped(T0, 40000));
        var allow = ManifestLoader.LoadText(DenyIngress + "\n" + AllowFrontend, "policies.yaml");
        Assert.False(allow.HasErrors);
        state.ApplyPolicies(allow.Policies, allow.Cluster, sourceReady: true);
        var resolved = reports.Current().Model.Report;
        Assert.Equal(Core.Attribution.AttributionOutcome.Resolved, Assert.Single(resolved.Denied).Attribution.Outcome);

        // Hubble denies it again although the policies allow it: only the row's outcome changes.
        state.Observe(Dropped(T0.AddMinutes(1), 40001));
        time.Advance(TimeSpan.FromSeconds(1));
        var shared = reports.Current().Model.Report;
        Assert.Equal(Core.Attribution.AttributionOutcome.Unexplained, Assert.Single(shared.Denied).Attribution.Outcome);
        var fresh = state.BuildReport(new Core.Suggestions.SuggestionOptions());
        Assert.Equal(fresh.Suggestions.NotSuggested.Select(n => n.Reason), shared.Suggestions.NotSuggested.Select(n => n.Reason));
        Assert.NotEqual(resolved.Suggestions.NotSuggested.Select(n => n.Reason), shared.Suggestions.NotSuggested.Select(n => n.Reason));
    }

    private static FlowRecord Audited(DateTimeOffset time) => Flow(FlowVerdict.Audit, 40000, time);

    private static FlowRecord Dropped(DateTimeOffset time, int sourcePort) => Flow(FlowVerdict.Dropped, sourcePort, time);

    private static (AuditState State, SharedReport Reports, SteppedTimestamps Time, DaemonMetrics Metrics) Daemon()
    {
        var time = new SteppedTimestamps();
        var metrics = new DaemonMetrics(labelCap: 100);
        var options = new DaemonOptions();
        var state = new AuditState(options, metrics, time);
        ShopTraffic.Apply(state, DenyIngress);
        var rollout = new RolloutReadinessView(state, new StagedState(state, options), time);
        return (state, new SharedReport(state, rollout, new ReportMetrics(metrics), options, time), time, metrics);
    }

    // Only the monotonic timestamp decides a report's age; it moves only when the test says so.
    private sealed class SteppedTimestamps : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
