using FlowAuditor.Daemon.State;
using FlowAuditor.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// Storage faults degrade, they never kill: a full disk keeps attribution going in memory, failed flushes are counted
/// and retried, the log says so once when it starts and once when it recovers; a corrupt database is moved aside and a
/// fresh one started.
/// </summary>
public sealed class StateFaultTests
{
    [Fact]
    public async Task A_full_disk_keeps_attributing_counts_failed_flushes_and_recovers_when_space_returns()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        var stateDir = world.Scratch.File("state");
        FailingDisk? disk = null;
        using var logs = new LogCapture();
        await using (var daemon = await RunningDaemon.StartAsync(
            world.Settings(
                ("FlowAuditor:StateDir", stateDir),
                ("FlowAuditor:Follow", "false"),
                ("FlowAuditor:FlushIntervalSeconds", "3600"),
                ("Logging:LogLevel:FlowAuditor.Daemon.State", "Information")),
            services =>
            {
                services.AddSingleton<StateStoreOpener>((directory, now) => disk = new FailingDisk(ObservationStore.Open(directory, now)) { Full = true });
                services.AddSingleton<ILoggerProvider>(logs);
            }))
        {
            await daemon.DrainedAsync();
            Assert.Equal(ThreeTierExample.Records, daemon.Progress.AttributedCount);
            Assert.Equal(20, EndToEndTests.Denied(await daemon.ReportAsync(), "production", "ingress", 9090).GetProperty("dropped").GetInt64());

            // The retry loop keeps failing (1 s, 2 s, ... backoff); so do explicit flushes. The log says it once.
            Assert.False(daemon.Services.GetRequiredService<StateService>().Flush());
            await Eventually.Until(async () => (await daemon.ScrapeAsync()).Single("flowauditor_state_flush_failures_total") >= 2, "the retry fails too");
            Assert.Equal(1, logs.Count("fails: SQLite Error 13"));

            disk!.Full = false;
            await Eventually.Until(() => !daemon.Services.GetRequiredService<StateService>().Failing, "a retry succeeds");
            Assert.Equal(1, logs.Count("works again after"));

            // Full again at shutdown: the final flush fails, the stop is still clean.
            disk.Full = true;
            await daemon.StopAsync();
        }

        Assert.Equal(2, logs.Count("fails: SQLite Error 13"));

        // What the recovered flush wrote is what a restart restores.
        await using var second = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:StateDir", stateDir), ("FlowAuditor:HubbleAddress", "127.0.0.1:1")));
        var restored = await Eventually.Value(second.ReportAsync, r => r.GetProperty("denied").GetArrayLength() > 0, "the observations are restored");
        Assert.Equal(20, EndToEndTests.Denied(restored, "production", "ingress", 9090).GetProperty("dropped").GetInt64());
    }

    [Fact]
    public async Task A_corrupt_database_is_moved_aside_counted_and_replaced_by_a_fresh_one()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        var stateDir = world.Scratch.File("state");
        Directory.CreateDirectory(stateDir);
        var database = Path.Combine(stateDir, ObservationStore.FileName);
        var garbage = string.Concat(Enumerable.Repeat("not a database; ", 512));
        await File.WriteAllTextAsync(database, garbage);

        await using var daemon = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:StateDir", stateDir), ("FlowAuditor:Follow", "false")));
        await daemon.DrainedAsync();

        var aside = Assert.Single(Directory.GetFiles(stateDir, ObservationStore.FileName + ".corrupt-*"));
        Assert.Matches(@"\.corrupt-\d{8}T\d{6}Z$", aside);
        Assert.Equal(garbage, await File.ReadAllTextAsync(aside));
        var metrics = await daemon.ScrapeAsync();
        Assert.Equal(1, metrics.Single("flowauditor_state_corrupt_total"));
        Assert.Equal(ThreeTierExample.Records, daemon.Progress.AttributedCount);
        Assert.True(daemon.Services.GetRequiredService<StateService>().Flush());
        Assert.Equal(0, (await daemon.ScrapeAsync()).Single("flowauditor_state_flush_failures_total"));
    }
}
