using System.CommandLine;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Replay;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Cli;

/// <summary>`flowauditor replay`: serves captured flows over the real Hubble Observer gRPC API.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var flows = new Option<string[]>("--flows", "-f")
        {
            Description = "Capture files (`hubble observe -o json`, legacy bare flows, gzip) or - for stdin; several after one flag.",
            AllowMultipleArgumentsPerToken = true,
            Required = true,
        };
        var listen = new Option<string>("--listen", "-l")
        {
            Description = "host:port (port 0 picks a free one) or unix:PATH.",
            DefaultValueFactory = _ => "127.0.0.1:4245",
        };
        var rate = new Option<double?>("--rate") { Description = "Flows per second (default: the whole capture at once, like a full ring buffer)." };
        var loop = new Option<bool>("--loop") { Description = "Repeat the capture for ever; each pass has fresh uuids, later times and new client ports (new connections)." };
        var sameTuples = new Option<bool>("--same-tuples") { Description = "With --loop: keep the captured ports, so every pass repeats the same 5-tuples." };
        var keepUuids = new Option<bool>("--keep-uuids") { Description = "Serve the captured uuids on the first pass (by default every start and pass gets fresh ones)." };
        var ringSize = new Option<int>("--ring-size")
        {
            Description = "Flows the server holds, like the agent's --hubble-event-buffer-capacity (2^n-1, at most 65535): max_flows, and lost events for followers that fall further behind.",
            DefaultValueFactory = _ => 65_535,
        };
        var nodeName = new Option<string?>("--node-name") { Description = "The node this server announces in peer.Peer/Notify (default: the capture's first node name)." };
        var noNodeStatus = new Option<bool>("--no-node-status") { Description = "Start streams as an agent does, without relay's node_status message (use behind a real hubble-relay, which forwards it)." };
        var peers = new Option<string[]>("--peer")
        {
            Description = "Another peer to announce, NAME=ADDR[,TLS_SERVER_NAME]; repeatable, so a hubble-relay can aggregate several replay servers.",
            AllowMultipleArgumentsPerToken = true,
        };
        var keepTime = new Option<bool>("--keep-time") { Description = "Serve captured times instead of rebasing them to now." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM server certificate (enables TLS)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
        var clientCa = new Option<string?>("--client-ca") { Description = "PEM CA bundle; clients must present a certificate it signed (mTLS)." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first malformed capture line instead of skipping it." };

        var command = new Command("replay", "Serve captured Hubble flows as a Cilium agent does: observer.Observer (GetFlows, ServerStatus, GetNodes), peer.Peer and gRPC health.");
        foreach (var option in new Option[] { flows, listen, rate, loop, sameTuples, keepTime, keepUuids, ringSize, nodeName, peers, noNodeStatus, tlsCert, tlsKey, clientCa, strict })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var options = new ReplayServerOptions
            {
                Listen = parseResult.GetValue(listen)!,
                Rate = parseResult.GetValue(rate),
                Loop = parseResult.GetValue(loop),
                SameTuples = parseResult.GetValue(sameTuples),
                KeepTime = parseResult.GetValue(keepTime),
                KeepUuids = parseResult.GetValue(keepUuids),
                RingSize = parseResult.GetValue(ringSize),
                NodeName = parseResult.GetValue(nodeName),
                EmitNodeStatus = !parseResult.GetValue(noNodeStatus),
                TlsCertFile = parseResult.GetValue(tlsCert),
                TlsKeyFile = parseResult.GetValue(tlsKey),
                ClientCaFile = parseResult.GetValue(clientCa),
            };
            try
            {
                foreach (var peer in parseResult.GetValue(peers) ?? [])
                {
                    options.Peers.Add(ReplayPeer.Parse(peer));
                }

                options.Validate();
                var (records, stats) = await CaptureLoader.LoadAsync(parseResult.GetValue(flows)!, parseResult.GetValue(strict), error, cancellationToken).ConfigureAwait(false);
                if (stats.Flows == 0)
                {
                    await error.WriteLineAsync("error: the captures hold no flows").ConfigureAwait(false);
                    return 1;
                }

                using var logging = HubbleCliLogging.Create(LogLevel.Information);
                await using var server = new ReplayServer(options, records, loggerFactory: logging);
                var address = await server.StartAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"Replaying {stats.Flows} flows and {stats.LostEvents} lost-event records on {address} ({stats.Malformed} malformed lines skipped). Ctrl-C stops.").ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: stop serving.
                }

                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or CaptureFormatException or InvalidDataException or System.Security.Cryptography.CryptographicException)
            {
                await error.WriteLineAsync($"flowauditor replay: {CliFailure.Describe(ex) ?? CliFailure.WithoutParameter(ex)}").ConfigureAwait(false);
                return CliFailure.Failed;
            }
        });
        return command;
    }
}
