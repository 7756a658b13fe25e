using System.Text.Json;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// Observations survive a restart: the first daemon attributes the whole capture and stops gracefully (final
/// flush); a second daemon on the same state directory, with no flows at all, reports the same entries and counts.
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_graceful_stop_flushes_and_a_new_daemon_on_the_same_state_dir_reports_the_same_observations()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        var stateDir = world.Scratch.File("state");
        string before;
        string summary;
        await using (var first = await RunningDaemon.StartAsync(world.Settings(
            ("FlowAuditor:StateDir", stateDir),
            ("FlowAuditor:Follow", "false"),
            ("FlowAuditor:FlushIntervalSeconds", "3600"))))
        {
            await first.DrainedAsync();
            Assert.Equal(ThreeTierExample.Records, first.Progress.AttributedCount);
            var report = await first.ReportAsync();
            Assert.Equal(20, EndToEndTests.Denied(report, "production", "ingress", 9090).GetProperty("dropped").GetInt64());
            Assert.Equal(0, report.GetProperty("summary").GetProperty("connections").GetProperty("unexplained").GetInt32());
            before = Observations(report);
            summary = report.GetProperty("summary").ToString();
            await first.StopAsync();
        }

        // Nothing to stream this time: a closed port, so whatever the report shows came from the state store.
        await using var second = await RunningDaemon.StartAsync(world.Settings(
            ("FlowAuditor:StateDir", stateDir),
            ("FlowAuditor:HubbleAddress", "127.0.0.1:1")));
        var restored = await Support.Eventually.Value(
            second.ReportAsync,
            r => r.GetProperty("denied").GetArrayLength() > 0,
            "stored observations are restored");
        Assert.Equal(0, second.Progress.Read);
        Assert.Equal(before, Observations(restored));
        Assert.Equal(20, EndToEndTests.Denied(restored, "production", "ingress", 9090).GetProperty("dropped").GetInt64());

        // The summary (events, repeats, attempts by outcome) is durable too.
        Assert.Equal(summary, restored.GetProperty("summary").ToString());
    }

    [Fact]
    public async Task An_explicit_flush_is_durable_without_a_graceful_stop()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        var stateDir = world.Scratch.File("state");
        await using var first = await RunningDaemon.StartAsync(world.Settings(
            ("FlowAuditor:StateDir", stateDir),
            ("FlowAuditor:Follow", "false"),
            ("FlowAuditor:FlushIntervalSeconds", "3600")));
        await first.DrainedAsync();
        var before = Observations(await first.ReportAsync());
        first.Flush();

        // A second daemon opens the same store while the first still holds it (WAL allows a reader and a writer).
        await using (var second = await RunningDaemon.StartAsync(world.Settings(
            ("FlowAuditor:StateDir", stateDir),
            ("FlowAuditor:HubbleAddress", "127.0.0.1:1"))))
        {
            var restored = await Support.Eventually.Value(
                second.ReportAsync,
                r => r.GetProperty("denied").GetArrayLength() > 0,
                "stored observations are restored");
            Assert.Equal(before, Observations(restored));
        }
    }

    /// <summary>Denied entries with their counts (times and samples are per entry too), one line each, sorted.</summary>
    private static string Observations(JsonElement report) =>
        string.Join("\n", report.GetProperty("denied").EnumerateArray()
            .Select(e => string.Join(" ", new[] { "direction", "namespace", "subject", "peerKind", "peer", "protocol", "port", "dropped", "audited", "forwarded", "predicted", "outcome", "firstSeen", "lastSeen", "sampleUuid" }
                .Select(p => e.GetProperty(p).ToString())))
            .Order(StringComparer.Ordinal));
}
