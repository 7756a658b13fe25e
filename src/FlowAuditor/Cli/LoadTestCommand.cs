using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor loadtest</c>: the end-to-end load measurement. The replay server loops a capture (fresh uuid and time
/// per send) as fast as it can; the full daemon pipeline consumes it over loopback gRPC (decode, queue, attribution,
/// aggregation, metrics). Prints flows/s and peak memory. A measurement tool, not a test.
/// </summary>
internal static class LoadTestCommand
{
    public static Command Create()
    {
        var example = ExampleReplay.ExampleOption();
        var count = new Option<long>("--count") { Description = "Flows to attribute.", DefaultValueFactory = _ => 1_000_000 };
        var readersHz = new Option<double>("--report-readers-hz")
        {
            Description = "Meanwhile, read /api/v1/report over HTTP this many times a second (0: no reader).",
            DefaultValueFactory = _ => 0,
        };
        readersHz.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 1000)
            {
                result.AddError("--report-readers-hz must be between 0 and 1000");
            }
        });
        var warmup = new Option<long>("--warmup")
        {
            Description = "Flows attributed before the measurement starts (readers on, if any), so the JIT's tier-up of every path is behind it.",
            DefaultValueFactory = _ => 300_000,
        };
        var phaseFlows = new Option<long>("--reader-phase")
        {
            Description = "With --report-readers-hz: alternate phases of this many flows without and with readers, and compare the two rates.",
            DefaultValueFactory = _ => 250_000,
        };
        phaseFlows.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 1000)
            {
                result.AddError("--reader-phase must be at least 1000 flows");
            }
        });
        var stateDir = new Option<DirectoryInfo?>("--state-dir") { Description = "Keep durable state there, as the daemon does with --state-dir (flushes included in the measurement)." };
        var decodeOnly = new Option<bool>("--decode-only") { Description = "Only read and decode the stream (records dropped): the ceiling the pipeline could reach." };
        var noFieldMask = new Option<bool>("--no-field-mask") { Description = "Ask for whole flows instead of only the fields attribution reads." };
        var command = new Command("loadtest", "Measure the daemon pipeline end to end: looping replay server -> gRPC -> attribution (flows/s, memory).")
        {
            example, count, warmup, readersHz, phaseFlows, stateDir, decodeOnly, noFieldMask,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var directory = parse.GetValue(example)!;
            var target = parse.GetValue(count);
            if (await ExampleReplay.LoadAsync(directory, "loadtest", parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false) is not { } records)
            {
                return 1;
            }

            await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", Loop = true }, records);
            var hubbleAddress = await replay.StartAsync(cancellationToken).ConfigureAwait(false);
            var fieldMask = !parse.GetValue(noFieldMask);
            if (parse.GetValue(decodeOnly))
            {
                await DecodeOnlyLoad.RunAsync(hubbleAddress, parse.GetValue(warmup), target, fieldMask, output, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            var settings = ExampleReplay.DaemonSettings(hubbleAddress, directory, "127.0.0.1:0", follow: true);
            settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.HubbleFieldMask)}"] = fieldMask ? "true" : "false";
            if (parse.GetValue(stateDir) is { } state)
            {
                settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.StateDir)}"] = state.FullName;
            }

            await using var app = DaemonHost.Build(settings);
            var progress = app.Services.GetRequiredService<PipelineProgress>();
            var queue = app.Services.GetRequiredService<FlowQueue>();
            var hubble = app.Services.GetRequiredService<HubbleClient>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            // Measure from the first attributed flow, so start-up and policy loading are not counted (and after the warm-up).
            while (progress.AttributedCount == 0)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            var hz = parse.GetValue(readersHz);
            await using var readers = hz > 0 ? new ReportReaders(DaemonHost.BoundAddress(app), hz) : null;
            if (readers is not null)
            {
                // The first read compiles the report path and opens the connection, once per process (about 0.6 s of
                // CPU here): the measurement is of readers' steady cost, so it starts after that.
                await readers.FirstRead.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var warm = progress.AttributedCount + parse.GetValue(warmup);
            while (progress.AttributedCount < warm)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }

            var start = progress.AttributedCount;
            var cost = new RunCost(hubble.Counters);
            var (busyStart, waitStart) = (progress.AttributionBusyTime, queue.FullWaitTime);
            var phases = readers is null ? null : new ReaderPhases(readers, () => progress.AttributedCount, parse.GetValue(phaseFlows));
            if (phases is not null)
            {
                await phases.RunAsync(start, target, cancellationToken).ConfigureAwait(false);
            }

            while (progress.AttributedCount - start < target)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }

            var (elapsed, cpu, flows) = (cost.Elapsed, cost.Cpu, progress.AttributedCount - start);
            using var process = Process.GetCurrentProcess();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"attributed {flows:N0} flows in {elapsed.TotalSeconds:F2} s: {flows / elapsed.TotalSeconds:N0} flows/s end to end (replay server, gRPC, decode, queue, attribution, aggregation in one process)")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB, GC heap {GC.GetTotalMemory(false) / 1024.0 / 1024.0:F0} MiB, CPU {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / elapsed.TotalSeconds:F2} cores), queue overflow {queue.Overflowed}")).ConfigureAwait(false);
            var busy = (progress.AttributionBusyTime - busyStart).TotalSeconds / elapsed.TotalSeconds;
            var waited = (queue.FullWaitTime - waitStart).TotalSeconds / elapsed.TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"attribution thread busy {busy:P0} of the run, stream reader waiting on a full queue {waited:P0}: the limit is {(waited > 0.2 || busy > 0.9 ? "attribution" : "the stream (replay server, gRPC, decode)")}")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(double)cost.WireBytes / Math.Max(1, cost.StreamFlows):F0} bytes/flow on the wire (field_mask {(fieldMask ? "on" : "off")}), {(double)cost.Allocated / flows:F0} bytes/flow allocated (whole process, replay server included)")).ConfigureAwait(false);
            await output.WriteLineAsync(cost.GcLine(elapsed)).ConfigureAwait(false);
            await output.WriteLineAsync($"JIT: {DynamicPgo.Describe()}").ConfigureAwait(false);
            if (readers is not null && phases is not null)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"report readers at {hz} Hz: {readers.Reads} reads, {readers.Failures} failed, mean latency {readers.MeanLatency.TotalMilliseconds:F1} ms")).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{phases.Phases} alternated phases: {phases.RateWithout:N0} flows/s without readers ({phases.FlowsWithout:N0} flows), {phases.RateWith:N0} with ({phases.FlowsWith:N0} flows): readers cost {1 - (phases.RateWith / phases.RateWithout):P1} of the throughput")).ConfigureAwait(false);
                var stats = app.Services.GetRequiredService<Daemon.Reports.SharedReport>().Stats;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"report builds (whole run): {stats.Builds} ({stats.Reused} reusing the suggestions), the first {stats.First.Build.TotalMilliseconds:F0} ms and {stats.First.BuildBytes / 1024.0:F0} KiB, then {PerLater(stats.BuildTime.TotalMilliseconds, stats.Builds):F1} ms and {PerLater(stats.BuildBytes / 1024.0, stats.Builds):F0} KiB each; JSON renders: {stats.Renders}, the first {stats.First.Render.TotalMilliseconds:F0} ms and {stats.First.RenderBytes / 1024.0:F0} KiB, then {PerLater(stats.RenderTime.TotalMilliseconds, stats.Renders):F1} ms and {PerLater(stats.RenderBytes / 1024.0, stats.Renders):F0} KiB each")).ConfigureAwait(false);
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    // Mean over the builds after the first (which is reported apart).
    private static double PerLater(double total, long count) => total / Math.Max(1, count - 1);
}
