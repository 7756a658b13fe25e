using System.CommandLine;
using FlowAuditor.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Kubernetes.Rendering;
using FlowAuditor.Kubernetes.Watching;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using FlowAuditor.Reporting;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor audit --flows FILE... --manifests PATH...</c> or <c>audit --server ADDR [--manifests PATH...]</c>:
/// attributes the DROPPED and AUDIT flows of a capture, or of a live Hubble server's ring buffer, to policy (from
/// manifests or the cluster) and suggests verified allow rules. Exit codes: 0 done; 1 input errors (reported, the
/// rest still audited) or an unreachable server or cluster; 2 usage; 3 a suggestion failed verification.
/// </summary>
internal static class AuditCommand
{
    public const int InputErrors = 1;
    public const int VerificationFailed = 3;

    public static Command Create()
    {
        var flows = new Option<string[]>("--flows", "-f")
        {
            Description = "Hubble captures (hubble observe -o json): files, .gz files, or - for stdin (several after one flag).",
            AllowMultipleArgumentsPerToken = true,
        };
        var server = new Option<string?>("--server") { Description = "Instead of captures, read a live Hubble server or hubble-relay: unix:///var/run/cilium/hubble.sock, host:port, tls://host:port." };
        var manifests = CommonOptions.Manifests(required: false);
        manifests.Description += " With --server and no --manifests, policies are read from the cluster.";
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "With --server and no --manifests: kubeconfig file (default as kubectl: $KUBECONFIG, ~/.kube/config, in-cluster)." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context to use instead of the current one." };
        var last = new Option<ulong>("--last") { Description = "With --server: the last N flows (default: the whole ring buffer)." };
        var since = new Option<string?>("--since") { Description = "With --server: flows since a time, relative (30m, 1h) or absolute (RFC 3339)." };
        var until = new Option<string?>("--until") { Description = "With --server: flows until a time, relative or absolute." };
        var connection = new HubbleConnectionOptions();
        var output = new Option<string>("--output", "-o") { Description = "Report format (html: one self-contained page with the same views as the daemon's, no external URLs).", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "html");
        var suggest = new Option<string>("--suggest") { Description = "Format of suggested policies.", DefaultValueFactory = _ => "networkpolicy" };
        suggest.AcceptOnlyFromAmong("networkpolicy", "cilium");
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Write one YAML file per suggested policy into this directory." };
        var cidrPrefix = new Option<int?>("--cidr-prefix") { Description = "Aggregate external IPv4 peers to this prefix length (8-32) instead of /32." };
        cidrPrefix.Validators.Add(r =>
        {
            if (r.GetValue(cidrPrefix) is { } p && (p < 8 || p > 32))
            {
                r.AddError("--cidr-prefix must be between 8 and 32.");
            }
        });
        var strict = new Option<bool>("--strict") { Description = "Stop at the first malformed capture line instead of reporting and skipping it." };
        var window = new Option<double>("--connection-window") { Description = "Seconds within which repeated events of one 5-tuple count as one connection attempt.", DefaultValueFactory = _ => 10 };
        var agent = CommonOptions.Agent();
        var staged = new Option<string[]>("--staged")
        {
            Description = "Staged policy changes to measure on the capture's traffic (would deny / would allow): files and directories.",
            AllowMultipleArgumentsPerToken = true,
        };
        var suggestSafe = new Option<bool>("--suggest-safe")
        {
            Description = "Leave out suggestions that contradict an existing rule (lateral moves marked 'review: contradicts ...').",
        };

        var command = new Command("audit", "Attribute DROPPED and AUDIT flows of a Hubble capture, or of a live Hubble server, to policy and suggest verified allow rules.")
        {
            flows, server, manifests, kubeconfig, context, last, since, until, output, suggest, outDir, cidrPrefix, strict, window, staged, suggestSafe,
        };
        agent.AddTo(command);
        foreach (var option in connection.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var settings = new AuditSettings
            {
                Suggestions = new SuggestionOptions
                {
                    Format = parse.GetValue(suggest) == "cilium" ? SuggestionFormat.Cilium : SuggestionFormat.NetworkPolicy,
                    CidrPrefix = parse.GetValue(cidrPrefix),
                    Safe = parse.GetValue(suggestSafe),
                },
                Evaluation = agent.Evaluation(parse),
                ConnectionWindow = TimeSpan.FromSeconds(Math.Max(0.001, parse.GetValue(window))),
                Staged = parse.GetValue(staged) ?? [],
            };
            var captures = parse.GetValue(flows) ?? [];
            var address = parse.GetValue(server);
            var manifestPaths = parse.GetValue(manifests) ?? [];
            var problem = (captures.Length > 0, address is not null) switch
            {
                (false, false) => "give --flows FILE... (captures) or --server ADDR (a live Hubble server)",
                (true, true) => "--flows and --server cannot be combined",
                (true, false) when manifestPaths.Length == 0 => "--flows needs --manifests PATH... (policies from the cluster need --server)",
                (true, false) when parse.GetValue(last) > 0 || parse.GetValue(since) is not null || parse.GetValue(until) is not null => "--last, --since and --until select flows of --server",
                _ => null,
            };

            LiveAuditRequest? live = null;
            if (problem is null && address is not null)
            {
                var client = connection.ClientOptions(parse, address);
                problem = new FlowSelection(0, parse.GetValue(last), false, false, parse.GetValue(since), parse.GetValue(until), DefaultLast: 0)
                    .ApplyTo(client, TimeProvider.System);
                client.MaxConsecutiveFailures = 3;
                live = new LiveAuditRequest(client, manifestPaths)
                {
                    Settings = settings,
                    Kubeconfig = parse.GetValue(kubeconfig),
                    KubeContext = parse.GetValue(context),
                };
            }

            if (problem is not null)
            {
                await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return Program.UsageError;
            }

            AuditResult result;
            try
            {
                if (live is not null)
                {
                    using var logging = HubbleCliLogging.Create(LogLevel.Warning);
                    result = await LiveAudit.RunAsync(live, logging, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var request = new OfflineAuditRequest(captures, manifestPaths) { Settings = settings, Strict = parse.GetValue(strict) };
                    result = await OfflineAudit.RunAsync(request, d => stderr.WriteLine($"error: {d}"), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (CaptureFormatException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message} (--strict)").ConfigureAwait(false);
                return InputErrors;
            }
            catch (Exception e) when (e is KubernetesConnectionException or HubbleUnavailableException or RpcException or ArgumentException)
            {
                await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return InputErrors;
            }

            foreach (var diagnostic in result.Manifests.Diagnostics.Concat(result.Staging.Diagnostics))
            {
                await stderr.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            var directory = parse.GetValue(outDir);
            if (parse.GetValue(output) is "json" or "html")
            {
                using var buffer = new MemoryStream();
                AuditJsonReport.Write(buffer, ReportModel.Of(result));
                var json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                // html: the rollout page with this report embedded, self-contained for CI artifacts and tickets.
                await stdout.WriteLineAsync(parse.GetValue(output) == "html" ? Ui.UiPage.Render(json) : json).ConfigureAwait(false);
            }
            else
            {
                AuditTextReport.Write(stdout, ReportModel.Of(result), includeYaml: directory is null);
            }

            if (directory is not null)
            {
                directory.Create();
                foreach (var policy in result.Report.Suggestions.Policies)
                {
                    var path = Path.Combine(directory.FullName, SuggestionYaml.FileName(policy));
                    await File.WriteAllTextAsync(path, SuggestionYaml.Render(policy), cancellationToken).ConfigureAwait(false);
                }

                await stderr.WriteLineAsync($"wrote {result.Report.Suggestions.Policies.Count} suggested policies to {directory.FullName}").ConfigureAwait(false);
            }

            return result.HasInputErrors ? InputErrors : result.Report.Verification.Succeeded ? 0 : VerificationFailed;
        });
        return command;
    }
}
