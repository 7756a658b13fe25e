using System.CommandLine;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor run</c>: the daemon. Exit codes: 0 stopped gracefully; 1 fatal at start (unwritable state
/// directory, unusable kubeconfig); 2 invalid configuration. An unreachable Hubble address is transient: the daemon
/// stays up, not ready, and keeps retrying with backoff.
/// </summary>
internal static class RunCommand
{
    public const int Fatal = 1;
    public const int InvalidConfiguration = 2;

    public static Command Create()
    {
        var flags = new (Option<string> Option, string Key)[]
        {
            (new Option<string>("--hubble-address") { Description = "unix:///var/run/cilium/hubble.sock (default), host:port, or tls://host:port (hubble-relay)." }, nameof(DaemonOptions.HubbleAddress)),
            (new Option<string>("--tls-ca-cert-files") { Description = "CA bundle that signed hubble-relay's certificate." }, nameof(DaemonOptions.TlsCaFile)),
            (new Option<string>("--tls-client-cert-file") { Description = "Client certificate for mTLS to hubble-relay." }, nameof(DaemonOptions.TlsClientCertFile)),
            (new Option<string>("--tls-client-key-file") { Description = "Client key for mTLS to hubble-relay." }, nameof(DaemonOptions.TlsClientKeyFile)),
            (new Option<string>("--tls-server-name") { Description = "Server name to verify (relay: e.g. instance.hubble-relay.cilium.io)." }, nameof(DaemonOptions.TlsServerName)),
            (new Option<string>("--policies-dir") { Description = "Manifests directory (reloaded on change) instead of the Kubernetes API." }, nameof(DaemonOptions.PoliciesDir)),
            (new Option<string>("--staged-dir") { Description = "Staged policy changes (reloaded on change): what they would deny or allow is measured, never enforced." }, nameof(DaemonOptions.StagedDir)),
            (new Option<string>("--kubeconfig") { Description = "Kubeconfig file; default as kubectl: $KUBECONFIG, ~/.kube/config, then the in-cluster service account." }, nameof(DaemonOptions.Kubeconfig)),
            (new Option<string>("--context") { Description = "Kubeconfig context to use instead of the current one." }, nameof(DaemonOptions.KubeContext)),
            (new Option<string>("--node-name") { Description = "This node's name (default: $NODE_NAME); its pods are watched for named ports. Unset with a relay address: every node's pods." }, nameof(DaemonOptions.NodeName)),
            (new Option<string>("--state-dir") { Description = "Directory for durable state (SQLite). Unset: in memory only." }, nameof(DaemonOptions.StateDir)),
            (new Option<string>("--listen") { Description = "Metrics and API address (default 0.0.0.0:9464)." }, nameof(DaemonOptions.Listen)),
            (new Option<string>("--cilium-version") { Description = "Decide as this Cilium version (X.Y). Default: the version Hubble's ServerStatus reports." }, nameof(DaemonOptions.CiliumVersion)),
            (new Option<string>("--allow-localhost") { Description = "The agent's allow-localhost (always|policy). Default: kube-system/cilium-config, else always." }, nameof(DaemonOptions.AllowLocalhost)),
            (new Option<string>("--policy-default-local-cluster") { Description = "The agent's policy-default-local-cluster (true|false). Default: cilium-config, else the version's." }, nameof(DaemonOptions.PolicyDefaultLocalCluster)),
            (new Option<string>("--since") { Description = "First start: read the ring buffer from this far back (15m, 1h30m) or this RFC 3339 time (default: all it holds)." }, nameof(DaemonOptions.Since)),
        };
        var noBackfill = new Option<bool>("--no-backfill") { Description = "First start: follow new flows only, skip what the ring buffer holds." };
        var ipBlockMatchesPods = CommonOptions.IpBlockMatchesPods();
        var verdicts = new Option<string[]>("--verdict")
        {
            Description = "Ask Hubble for these verdicts only (repeatable: --verdict DROPPED --verdict AUDIT). Less traffic; no not-enforced detection.",
            AllowMultipleArgumentsPerToken = false,
        };
        var labels = new Option<string[]>("--labels") { Description = "The agent's labels option (identity label prefixes). Default: cilium-config's, else the default filter.", AllowMultipleArgumentsPerToken = true };
        var ui = new Option<bool>("--ui") { Description = "Serve the read-only rollout page at / (--ui=false turns it off).", DefaultValueFactory = _ => true };
        var command = new Command("run", "Run the daemon: attribute live Hubble verdicts, serve Prometheus metrics and the HTTP API, keep state.");
        foreach (var (option, _) in flags)
        {
            command.Options.Add(option);
        }

        command.Options.Add(ipBlockMatchesPods);
        command.Options.Add(noBackfill);
        command.Options.Add(verdicts);
        command.Options.Add(labels);
        command.Options.Add(ui);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (option, key) in flags)
            {
                if (parse.GetValue(option) is { } value)
                {
                    settings[$"{DaemonOptions.Section}:{key}"] = value;
                }
            }

            var requested = parse.GetValue(verdicts) ?? [];
            for (var i = 0; i < requested.Length; i++)
            {
                settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.Verdicts)}:{i}"] = requested[i];
            }

            var prefixes = parse.GetValue(labels) ?? [];
            for (var i = 0; i < prefixes.Length; i++)
            {
                settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.Labels)}:{i}"] = prefixes[i];
            }

            if (parse.GetValue(noBackfill))
            {
                settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.Backfill)}"] = "false";
            }

            if (parse.GetValue(ipBlockMatchesPods))
            {
                settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.IpBlockMatchesPods)}"] = "true";
            }

            if (!parse.GetValue(ui))
            {
                settings[$"{DaemonOptions.Section}:{nameof(DaemonOptions.Ui)}"] = "false";
            }

            return await RunAsync(settings, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Builds and runs the daemon until cancelled; maps start-up failures to clear messages and exit codes.</summary>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> settings, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var app = DaemonHost.Build(settings);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync("flowauditor: invalid configuration:").ConfigureAwait(false);
            foreach (var failure in e.Failures)
            {
                await error.WriteLineAsync($"  - {failure}").ConfigureAwait(false);
            }

            return InvalidConfiguration;
        }
        catch (Exception e) when (StartupFailure.Describe(e) is { } message)
        {
            await error.WriteLineAsync($"flowauditor: {message}").ConfigureAwait(false);
            return Fatal;
        }
    }
}
