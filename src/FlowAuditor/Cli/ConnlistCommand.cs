using System.CommandLine;
using FlowAuditor.Cli.Output;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor connlist --manifests PATH...</c>: every allowed ordered pair of workloads and external ranges, with
/// the connections allowed. Exit codes: 0 done; 1 manifest errors (reported; what loaded is still listed).
/// </summary>
internal static class ConnlistCommand
{
    public const int InputErrors = 1;

    public static Command Create()
    {
        var manifests = CommonOptions.Manifests();
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "txt" };
        output.AcceptOnlyFromAmong("txt", "json");
        var agent = CommonOptions.Agent();

        var command = new Command("connlist", "List every allowed connection between workloads and external address ranges.")
        {
            manifests, output,
        };
        agent.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var loaded = ManifestLoader.Load(parse.GetValue(manifests)!, agent.VersionOf(parse));
            await DiagnosticsOutput.WriteAsync(parse.InvocationConfiguration.Error, loaded).ConfigureAwait(false);

            var evaluator = new PolicyEvaluator(loaded.Policies, agent.Evaluation(parse));
            var pairs = Connectivity.AllowedPairs(ConnectivityPeers.Of(loaded.Cluster, loaded.Policies), new ConnectionAnalyzer(evaluator));
            if (parse.GetValue(output) == "json")
            {
                await stdout.WriteLineAsync(ConnlistJson.Render(pairs)).ConfigureAwait(false);
            }
            else
            {
                foreach (var pair in pairs)
                {
                    await stdout.WriteLineAsync(ConnlistFormat.Line(pair)).ConfigureAwait(false);
                }
            }

            return loaded.HasErrors ? InputErrors : 0;
        });
        return command;
    }
}
