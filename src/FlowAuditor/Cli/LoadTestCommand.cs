using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
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
        var example = new Option<DirectoryInfo>("--example") { Description = "Directory with capture.jsonl and manifests/.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("deploy", "examples", "three-tier")) };
        var count = new Option<long>("--count") { Description = "Flows to attribute.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("loadtest", "Measure the daemon pipeline end to end: looping replay server -> gRPC -> attribution (flows/s, memory).")
        {
            example, count,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var directory = parse.GetValue(example)!;
            var target = parse.GetValue(count);
            var records = new List<GetFlowsResponse>();
            await foreach (var record in new CaptureReader().ReadAsync([Path.Combine(directory.FullName, "capture.jsonl")], cancellationToken).ConfigureAwait(false))
            {
                records.Add(record);
            }

            await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", Loop = true }, records);
            var settings = new Dictionary<string, string?>
            {
                [$"{DaemonOptions.Section}:{nameof(DaemonOptions.HubbleAddress)}"] = await replay.StartAsync(cancellationToken).ConfigureAwait(false),
                [$"{DaemonOptions.Section}:{nameof(DaemonOptions.PoliciesDir)}"] = Path.Combine(directory.FullName, "manifests"),
                [$"{DaemonOptions.Section}:{nameof(DaemonOptions.Listen)}"] = "127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            await using var app = DaemonHost.Build(settings);
            var progress = app.Services.GetRequiredService<PipelineProgress>();
            var queue = app.Services.GetRequiredService<FlowQueue>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            // Measure from the first attributed flow, so start-up and policy loading are not counted.
            while (progress.AttributedCount == 0)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            var start = progress.AttributedCount;
            var stopwatch = Stopwatch.StartNew();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            while (progress.AttributedCount - start < target)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }

            stopwatch.Stop();
            var flows = progress.AttributedCount - start;
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime - cpuStart;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"attributed {flows:N0} flows in {stopwatch.Elapsed.TotalSeconds:F2} s: {flows / stopwatch.Elapsed.TotalSeconds:N0} flows/s end to end (replay server, gRPC, decode, queue, attribution, aggregation in one process)")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB, GC heap {GC.GetTotalMemory(false) / 1024.0 / 1024.0:F0} MiB, CPU {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / stopwatch.Elapsed.TotalSeconds:F2} cores), queue overflow {queue.Overflowed}")).ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
