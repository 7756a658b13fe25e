using System.CommandLine;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Client;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Cli;

/// <summary>`flowauditor observe`: prints flows from a Hubble server as `hubble observe` does.</summary>
internal static class ObserveCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server")
        {
            Description = "unix:///var/run/cilium/hubble.sock, host:port or tls://host:port.",
            DefaultValueFactory = _ => "localhost:4245",
        };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep streaming new flows (reconnecting and resuming if the stream breaks)." };
        var verdict = new Option<Verdict[]>("--verdict")
        {
            Description = "Only flows with this verdict (e.g. DROPPED, AUDIT); repeatable.",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = ParseVerdicts,
        };
        var last = new Option<ulong?>("--last") { Description = "The last N flows (default 20 without --follow)." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "json (one GetFlowsResponse per line, as hubble observe -o json) or compact.",
            DefaultValueFactory = _ => "compact",
        };
        output.AcceptOnlyFromAmong("json", "jsonpb", "compact");
        var tls = new Option<bool>("--tls") { Description = "Use TLS (implied by tls:// or --tls-ca-cert-files)." };
        var ca = new Option<string?>("--tls-ca-cert-files") { Description = "PEM CA bundle the server certificate must chain to (Cilium CA)." };
        var clientCert = new Option<string?>("--tls-client-cert-file") { Description = "PEM client certificate for mTLS." };
        var clientKey = new Option<string?>("--tls-client-key-file") { Description = "PEM key of --tls-client-cert-file." };
        var serverName = new Option<string?>("--tls-server-name") { Description = "Name to verify, e.g. instance.hubble-relay.cilium.io." };

        var command = new Command("observe", "Print flows from a Hubble server (agent socket or relay) like `hubble observe`.");
        foreach (var option in new Option[] { server, follow, verdict, last, output, tls, ca, clientCert, clientKey, serverName })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var isFollow = parseResult.GetValue(follow);
            var options = new HubbleClientOptions
            {
                Address = parseResult.GetValue(server)!,
                Follow = isFollow,
                Number = parseResult.GetValue(last) ?? (isFollow ? 0ul : 20ul),
                Tls = parseResult.GetValue(tls),
                TlsCaFile = parseResult.GetValue(ca),
                TlsClientCertFile = parseResult.GetValue(clientCert),
                TlsClientKeyFile = parseResult.GetValue(clientKey),
                TlsServerName = parseResult.GetValue(serverName),
                MaxConsecutiveFailures = isFollow ? null : 3,
            };
            foreach (var v in parseResult.GetValue(verdict) ?? [])
            {
                options.Verdicts.Add(v);
            }

            var json = parseResult.GetValue(output) != "compact";
            try
            {
                using var logging = HubbleCliLogging.Create(LogLevel.Warning);
                using var client = new HubbleClient(options, logging);
                await foreach (var item in client.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
                {
                    await WriteAsync(item, json, stdout, stderr).ConfigureAwait(false);
                }

                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or HubbleUnavailableException or RpcException or IOException)
            {
                await stderr.WriteLineAsync($"flowauditor observe: {CliFailure.Describe(ex) ?? CliFailure.WithoutParameter(ex)}").ConfigureAwait(false);
                return CliFailure.Failed;
            }
        });
        return command;
    }

    // Like the hubble CLI: flows (and lost events in JSON) on stdout, relay node status on stderr.
    private static async Task WriteAsync(HubbleEvent item, bool json, TextWriter stdout, TextWriter stderr)
    {
        switch (item)
        {
            case FlowEvent flow when json:
                await stdout.WriteLineAsync(CaptureJson.Format(new GetFlowsResponse { Flow = flow.Flow, NodeName = flow.NodeName, Time = flow.Flow.Time })).ConfigureAwait(false);
                break;
            case FlowEvent flow:
                await stdout.WriteLineAsync(CompactFlowFormatter.Format(flow.Flow)).ConfigureAwait(false);
                break;
            case LostEventsEvent lost when json:
                await stdout.WriteLineAsync(CaptureJson.Format(new GetFlowsResponse { LostEvents = lost.LostEvent, NodeName = lost.NodeName })).ConfigureAwait(false);
                break;
            case LostEventsEvent lost:
                await stdout.WriteLineAsync($"EVENTS LOST: {lost.LostEvent.Source} CPU({lost.LostEvent.Cpu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}) {lost.LostEvent.NumEventsLost}").ConfigureAwait(false);
                break;
            case NodeStatusChange status:
                await stderr.WriteLineAsync($"{status.Status.StateChange}: {string.Join(", ", status.Status.NodeNames)} {status.Status.Message}".TrimEnd()).ConfigureAwait(false);
                break;
        }
    }

    private static Verdict[] ParseVerdicts(System.CommandLine.Parsing.ArgumentResult result)
    {
        var verdicts = new List<Verdict>();
        foreach (var token in result.Tokens)
        {
            if (Enum.TryParse<Verdict>(token.Value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var verdict) && Enum.IsDefined(verdict))
            {
                verdicts.Add(verdict);
            }
            else
            {
                result.AddError($"--verdict: unknown verdict '{token.Value}' (FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED, TRANSLATED)");
            }
        }

        return [.. verdicts];
    }
}
