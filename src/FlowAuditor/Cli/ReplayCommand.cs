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
        var loop = new Option<bool>("--loop") { Description = "Repeat the capture for ever, with fresh uuids and later times on each pass." };
        var keepTime = new Option<bool>("--keep-time") { Description = "Serve captured times instead of rebasing them to now." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM server certificate (enables TLS)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
        var clientCa = new Option<string?>("--client-ca") { Description = "PEM CA bundle; clients must present a certificate it signed (mTLS)." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first malformed capture line instead of skipping it." };

        var command = new Command("replay", "Serve captured Hubble flows over the real observer.Observer gRPC API (GetFlows, ServerStatus, GetNodes).");
        foreach (var option in new Option[] { flows, listen, rate, loop, keepTime, tlsCert, tlsKey, clientCa, strict })
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
                KeepTime = parseResult.GetValue(keepTime),
                TlsCertFile = parseResult.GetValue(tlsCert),
                TlsKeyFile = parseResult.GetValue(tlsKey),
                ClientCaFile = parseResult.GetValue(clientCa),
            };
            try
            {
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
            catch (Exception ex) when (ex is ArgumentException or IOException or CaptureFormatException or InvalidDataException or System.Security.Cryptography.CryptographicException)
            {
                await error.WriteLineAsync($"flowauditor replay: {CliFailure.Describe(ex) ?? CliFailure.WithoutParameter(ex)}").ConfigureAwait(false);
                return CliFailure.Failed;
            }
        });
        return command;
    }
}
