using System.CommandLine;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor demo</c>: in one process, the example's capture is served by the Hubble-compatible replay server
/// and consumed by the daemon pipeline over real loopback gRPC, with the example's policies. Prints the report and
/// suggestions; serves metrics while it runs (<c>--keep-running</c> to stay up).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var example = ExampleReplay.ExampleOption();
        var listen = new Option<string>("--listen") { Description = "Metrics and API address.", DefaultValueFactory = _ => "127.0.0.1:9464" };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Stay up after the report, serving /metrics and the API, until Ctrl+C." };
        var suggest = new Option<string>("--suggest") { Description = "Format of suggested policies.", DefaultValueFactory = _ => "networkpolicy" };
        suggest.AcceptOnlyFromAmong("networkpolicy", "cilium");
        var command = new Command("demo", "Replay the bundled example through the daemon pipeline over loopback gRPC and print the report.")
        {
            example, listen, keepRunning, suggest,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(example)!;
            if (await ExampleReplay.LoadAsync(directory, "demo", error, cancellationToken).ConfigureAwait(false) is not { } records)
            {
                return 1;
            }

            await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0" }, records);
            var hubbleAddress = await replay.StartAsync(cancellationToken).ConfigureAwait(false);
            await using var app = DaemonHost.Build(ExampleReplay.DaemonSettings(hubbleAddress, directory, parse.GetValue(listen)!, follow: false));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var metricsUrl = new Uri(DaemonHost.BoundAddress(app), "/metrics");
            await output.WriteLineAsync($"FlowAuditor demo: {records.Count} capture records served by the replay server at {hubbleAddress}; daemon metrics at {metricsUrl}").ConfigureAwait(false);

            var progress = app.Services.GetRequiredService<PipelineProgress>();
            await progress.WhenDrained.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            var state = app.Services.GetRequiredService<AuditState>();
            var format = parse.GetValue(suggest) == "cilium" ? SuggestionFormat.Cilium : SuggestionFormat.NetworkPolicy;
            var report = state.BuildReport(new SuggestionOptions { Format = format });
            await output.WriteLineAsync($"Streamed {progress.Read} flows over gRPC, attributed {progress.AttributedCount}.").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            AuditTextReport.WriteBody(output, new ReportModel(report), includeYaml: true);

            if (parse.GetValue(keepRunning))
            {
                await output.WriteLineAsync($"Serving {metricsUrl} and /api/v1/report until Ctrl+C.").ConfigureAwait(false);
                // The daemon's host owns Ctrl-C/SIGTERM (as in `run`): wait for it to shut down.
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return report.Verification.Succeeded ? 0 : AuditCommand.VerificationFailed;
        });
        return command;
    }
}
