using System.CommandLine;
using FlowAuditor.Cli.Output;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Linting;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor lint --manifests PATH... [-o text|json|sarif] [--fail-on error|warning|info|never] [--dns-selector NS/k=v]</c>:
/// the common policy mistakes, found statically (rules in <c>FlowAuditor.Core/Linting</c>, documented in
/// <c>docs/lint.md</c>). Exit codes: 0 no finding at or above <c>--fail-on</c>; 1 such a finding, or manifest errors
/// (reported; the rest is still linted); 2 usage.
/// </summary>
internal static class LintCommand
{
    public const int Failed = 1;

    public static Command Create()
    {
        var input = new PolicyInputOptions();
        var output = new Option<string>("--output", "-o") { Description = "Output format: text, JSON lines, or SARIF 2.1.0 for code scanning.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "sarif");
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 when a finding is at or above this severity.", DefaultValueFactory = _ => "warning" };
        failOn.AcceptOnlyFromAmong("error", "warning", "info", "never");
        var dns = new Option<string>("--dns-selector")
        {
            Description = "The cluster DNS pods, as NAMESPACE/LABEL=VALUE[,LABEL=VALUE].",
            DefaultValueFactory = _ => "kube-system/k8s-app=kube-dns",
        };
        dns.Validators.Add(r =>
        {
            if (DnsSelector.Parse(r.GetValue(dns)!) is null)
            {
                r.AddError("--dns-selector must look like NAMESPACE/LABEL=VALUE[,LABEL=VALUE], e.g. kube-system/k8s-app=kube-dns.");
            }
        });

        var command = new Command("lint", "Find the common network-policy mistakes in manifests: DNS forgotten, OR meant as AND, selectors that match nothing, ...")
        {
            output, failOn, dns,
        };
        input.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var loaded = input.Load(parse);
            await DiagnosticsOutput.WriteAsync(parse.InvocationConfiguration.Error, loaded).ConfigureAwait(false);
            var context = new LintContext(loaded.Cluster, loaded.Policies, DnsSelector.Parse(parse.GetValue(dns)!), input.Evaluation(parse));
            var findings = Linter.Run(context);
            var text = parse.GetValue(output) switch
            {
                "json" => LintJson.Lines(findings),
                "sarif" => LintSarif.Document(findings, Linter.Rules) + Environment.NewLine,
                _ => LintTextOutput.Render(findings),
            };
            await stdout.WriteAsync(text).ConfigureAwait(false);
            var threshold = parse.GetValue(failOn) switch
            {
                "error" => Severity.Error,
                "info" => Severity.Info,
                "never" => (Severity?)null,
                _ => Severity.Warning,
            };
            var failed = threshold is { } t && findings.Any(f => f.Severity >= t);
            return failed || loaded.HasErrors ? Failed : 0;
        });
        return command;
    }
}
