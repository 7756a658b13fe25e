using System.CommandLine;
using FlowAuditor.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Kubernetes.Rendering;
using FlowAuditor.Reporting;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor audit --flows FILE... --manifests PATH...</c>: attributes the capture's DROPPED and AUDIT flows to
/// policy and suggests verified allow rules. Exit codes: 0 done; 1 input errors (reported, the rest still audited);
/// 2 usage; 3 a suggestion failed verification.
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
            Required = true,
        };
        var manifests = CommonOptions.Manifests();
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
        var ipBlockMatchesPods = CommonOptions.IpBlockMatchesPods();
        var staged = new Option<string[]>("--staged")
        {
            Description = "Staged policy changes to measure on the capture's traffic (would deny / would allow): files and directories.",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("audit", "Attribute DROPPED and AUDIT flows of a Hubble capture to policy and suggest verified allow rules.")
        {
            flows, manifests, output, suggest, outDir, cidrPrefix, strict, window, ipBlockMatchesPods, staged,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var request = new OfflineAuditRequest(parse.GetValue(flows)!, parse.GetValue(manifests)!)
            {
                Suggestions = new SuggestionOptions
                {
                    Format = parse.GetValue(suggest) == "cilium" ? SuggestionFormat.Cilium : SuggestionFormat.NetworkPolicy,
                    CidrPrefix = parse.GetValue(cidrPrefix),
                },
                Evaluation = new EvaluationOptions { IpBlockMatchesPods = parse.GetValue(ipBlockMatchesPods) },
                Strict = parse.GetValue(strict),
                ConnectionWindow = TimeSpan.FromSeconds(Math.Max(0.001, parse.GetValue(window))),
                Staged = parse.GetValue(staged) ?? [],
            };

            OfflineAuditResult result;
            try
            {
                result = await OfflineAudit.RunAsync(request, d => stderr.WriteLine($"error: {d}"), cancellationToken).ConfigureAwait(false);
            }
            catch (CaptureFormatException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message} (--strict)").ConfigureAwait(false);
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
                AuditJsonReport.Write(buffer, result);
                var json = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                // html: the rollout page with this report embedded, self-contained for CI artifacts and tickets.
                await stdout.WriteLineAsync(parse.GetValue(output) == "html" ? Ui.UiPage.Render(json) : json).ConfigureAwait(false);
            }
            else
            {
                AuditTextReport.Write(stdout, result, includeYaml: directory is null);
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
