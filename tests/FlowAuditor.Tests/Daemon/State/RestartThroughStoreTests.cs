using System.Text.Json;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.State;
using FlowAuditor.Tests.Support;
using static FlowAuditor.Tests.Support.ShopTraffic;

namespace FlowAuditor.Tests.Daemon.State;

/// <summary>
/// A restart through the real state store (SQLite file: flush, close, open, restore into a new daemon state) changes
/// nothing a user reads: an attempt open at the restart continues (its retransmits are not a second attempt), and a
/// stored row the loaded policies now allow is <c>resolved</c> when it was denied, <c>unexplained</c> only when
/// Hubble denied it although the policies allowed it, or when Hubble still denies it after the restart.
/// </summary>
public sealed class RestartThroughStoreTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_restart_at_any_point_of_the_stream_gives_the_summary_and_rows_of_one_uninterrupted_audit()
    {
        var flows = Stream();
        var whole = Daemon(DenyIngress);
        foreach (var flow in flows)
        {
            whole.Observe(flow);
        }

        var expected = Accounting(whole);
        for (var split = 1; split < flows.Count; split++)
        {
            var first = Daemon(DenyIngress);
            foreach (var flow in flows.Take(split))
            {
                first.Observe(flow);
            }

            var second = Restarted(first, DenyIngress, $"split-{split}");
            foreach (var flow in flows.Skip(split))
            {
                second.Observe(flow);
            }

            Assert.True(expected == Accounting(second), $"restart after flow {split}:\nexpected {expected}\nactual   {Accounting(second)}");
        }
    }

    [Fact]
    public void A_denied_row_the_policies_allow_after_the_restart_is_resolved_and_turns_unexplained_when_Hubble_denies_it_again()
    {
        var first = Daemon(DenyIngress);
        first.Observe(Flow(FlowVerdict.Dropped, 40000, T0));
        Assert.Equal(AttributionOutcome.DefaultDeny, Row(first).Attribution.Outcome);

        var second = Restarted(first, DenyIngress + "\n" + AllowFrontend, "resolved");
        var resolved = Row(second);
        Assert.Equal(AttributionOutcome.Resolved, resolved.Attribution.Outcome);
        Assert.Contains(resolved.Attribution.Notes, n => n.Contains("before the restart", StringComparison.Ordinal));
        Assert.Equal(1, resolved.Dropped);

        // Hubble still denies it after the change: that is what unexplained means.
        second.Observe(Flow(FlowVerdict.Dropped, 40001, T0.AddMinutes(1)));
        Assert.Equal(AttributionOutcome.Unexplained, Row(second).Attribution.Outcome);
    }

    [Fact]
    public void A_row_Hubble_denied_although_the_policies_allowed_it_stays_unexplained_across_a_restart()
    {
        var policies = DenyIngress + "\n" + AllowFrontend;
        var first = Daemon(policies);
        first.Observe(Flow(FlowVerdict.Dropped, 40000, T0));
        Assert.Equal(AttributionOutcome.Unexplained, Row(first).Attribution.Outcome);

        Assert.Equal(AttributionOutcome.Unexplained, Row(Restarted(first, policies, "unexplained")).Attribution.Outcome);
    }

    [Fact]
    public void State_written_before_outcomes_were_kept_is_upgraded_and_restores_as_before()
    {
        var first = Daemon(DenyIngress);
        first.Observe(Flow(FlowVerdict.Dropped, 40000, T0));
        var directory = _scratch.File("old");
        using (var store = ObservationStore.Open(directory, T0))
        {
            store.Save(first.Export(), T0.AddDays(-1));
        }

        // The previous schema: no outcome and revision columns.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, ObservationStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE observations DROP COLUMN outcome; ALTER TABLE observations DROP COLUMN policy_revision;";
            command.ExecuteNonQuery();
        }

        using (var store = ObservationStore.Open(directory, T0))
        {
            var old = Assert.Single(store.Load(T0.AddDays(-1)));
            Assert.Null(old.Outcome);
            Assert.Equal(1, old.Dropped);
            store.Save(first.Export(), T0.AddDays(-1));
            Assert.Equal(AttributionOutcome.DefaultDeny, Assert.Single(store.Load(T0.AddDays(-1))).Outcome);
        }
    }

    // Attempt A (port 40000) retransmitted at 0, 1, 3, 7 s and again after its window (12 s: a new attempt); attempt
    // B (40001) at 5 and 9 s, audited at 6 s; a forward of A's tuple at 8 s.
    private static List<FlowRecord> Stream() =>
    [
        Flow(FlowVerdict.Dropped, 40000, T0),
        Flow(FlowVerdict.Dropped, 40000, T0.AddSeconds(1)),
        Flow(FlowVerdict.Dropped, 40000, T0.AddSeconds(3)),
        Flow(FlowVerdict.Dropped, 40001, T0.AddSeconds(5)),
        Flow(FlowVerdict.Audit, 40001, T0.AddSeconds(6)),
        Flow(FlowVerdict.Dropped, 40000, T0.AddSeconds(7)),
        Flow(FlowVerdict.Forwarded, 40000, T0.AddSeconds(8)),
        Flow(FlowVerdict.Dropped, 40001, T0.AddSeconds(9)),
        Flow(FlowVerdict.Dropped, 40000, T0.AddSeconds(12)),
        Flow(FlowVerdict.Dropped, 40000, T0.AddSeconds(13)),
    ];

    private AuditState Restarted(AuditState before, string policies, string name)
    {
        var directory = _scratch.File(name);
        using (var store = ObservationStore.Open(directory, T0))
        {
            store.Save(before.Export(), T0.AddDays(-1));
        }

        var after = Daemon(policies);
        using (var store = ObservationStore.Open(directory, T0))
        {
            after.RestorePosition(store.LoadPosition());
            after.Restore(store.Load(T0.AddDays(-1)), store.LoadSummary(), store.LoadWindows());
        }

        after.RestoreCompleted();
        return after;
    }

    private static AuditState Daemon(string policies)
    {
        var state = new AuditState(new DaemonOptions(), new DaemonMetrics(labelCap: 100), new ShiftableTime());
        ShopTraffic.Apply(state, policies);
        return state;
    }

    private static FlowRecord Flow(FlowVerdict verdict, int sourcePort, DateTimeOffset time) => ShopTraffic.Flow(verdict, sourcePort, time, node: "node-a");

    private static Core.Aggregation.AggregateEntry Row(AuditState state) => Assert.Single(state.BuildReport(new SuggestionOptions()).Denied);

    // The summary, and each row's counts and times: what the report shows of the accounting.
    private static string Accounting(AuditState state)
    {
        var report = state.BuildReport(new SuggestionOptions());
        var summary = JsonSerializer.Serialize(new
        {
            report.Counters.Events,
            report.Counters.Attempts,
            report.Counters.RepeatedEvents,
            report.Counters.AuditModeForwards,
            Connections = Enum.GetValues<AttributionOutcome>().Select(report.Counters.ConnectionsOf).ToArray(),
        });
        return summary + string.Concat(report.Denied.Select(e => $" | {e.Key} dropped={e.Dropped} audited={e.Audited} forwarded={e.Forwarded} {e.FirstSeen:O}..{e.LastSeen:O} {e.Attribution.Outcome}"));
    }

}
