using System.CommandLine;
using FlowAuditor.Cli.Output;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor explain --manifests PATH... (--from X --to Y [--port N] [--protocol P] | --probes FILE)</c>: why a
/// connection is allowed or denied, per direction, by policy and rule. Without <c>--port</c> the text output covers
/// the pair's whole connection space. Exit codes: 0 done; 1 input errors (manifests or probe lines; reported, the rest
/// still explained); 2 usage (bad option combination, unknown endpoint on the command line).
/// </summary>
internal static class ExplainCommand
{
    public const int InputErrors = 1;
    public const int UsageError = 2;

    public static Command Create()
    {
        var manifests = CommonOptions.Manifests();
        var from = new Option<string?>("--from") { Description = "Source: ns/pod (as Hubble shows it), ns/name[Kind] (a workload), an IP address, or an entity (world, host, ...)." };
        var to = new Option<string?>("--to") { Description = "Destination: ns/pod (as Hubble shows it), ns/name[Kind] (a workload), an IP address, or an entity (world, host, ...)." };
        var fromLabels = new Option<string?>("--from-labels") { Description = "Source as a Cilium label set: k8s:app=x,k8s:io.kubernetes.pod.namespace=y (instead of --from)." };
        var toLabels = new Option<string?>("--to-labels") { Description = "Destination as a Cilium label set (instead of --to)." };
        var port = new Option<int?>("--port") { Description = "Destination port (1-65535). Without it, text output explains every port." };
        port.Validators.Add(r =>
        {
            if (r.GetValue(port) is { } p && (p < PortRange.MinPort || p > PortRange.MaxPort))
            {
                r.AddError("--port must be between 1 and 65535.");
            }
        });
        var protocol = new Option<string>("--protocol") { Description = "Transport protocol.", DefaultValueFactory = _ => "TCP" };
        protocol.AcceptOnlyFromAmong("TCP", "UDP", "SCTP");
        var probes = new Option<string?>("--probes") { Description = "JSON lines file of probes: {\"from\":\"x/a\",\"to\":\"y/b\",\"protocol\":\"TCP\",\"port\":80}." };
        var output = new Option<string>("--output", "-o") { Description = "Output format: readable text, or one JSON object per probe per line.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var agent = CommonOptions.Agent();

        var command = new Command("explain", "Explain why connections are allowed or denied: which policies isolate each side and which rules allow or fail to.")
        {
            manifests, from, to, fromLabels, toLabels, port, protocol, probes, output,
        };
        agent.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var request = new ExplainRequest(
                parse.GetValue(from) ?? Braced(parse.GetValue(fromLabels)), parse.GetValue(to) ?? Braced(parse.GetValue(toLabels)), parse.GetValue(port), Parse(parse.GetValue(protocol)!), parse.GetValue(probes), parse.GetValue(output) == "json");
            if (request.UsageProblem() is { } problem)
            {
                await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return UsageError;
            }

            var loaded = ManifestLoader.Load(parse.GetValue(manifests)!, agent.VersionOf(parse));
            await DiagnosticsOutput.WriteAsync(stderr, loaded).ConfigureAwait(false);
            var evaluator = new PolicyEvaluator(loaded.Policies, agent.Evaluation(parse));
            var run = new ExplainRun(loaded.Cluster, new ConnectionAnalyzer(evaluator), request, stdout, stderr);
            var code = request.ProbesFile is { } file
                ? await run.ProbesAsync(file, cancellationToken).ConfigureAwait(false)
                : await run.SingleAsync().ConfigureAwait(false);
            return code != 0 ? code : loaded.HasErrors ? InputErrors : 0;
        });
        return command;
    }

    private static string? Braced(string? labels) => labels is null ? null : $"{{{labels}}}";

    private static Protocol Parse(string text) => Protocols.TryParse(text, out var protocol) ? protocol : Protocol.TCP;
}
