using System.CommandLine;
using FlowAuditor.Cli.Output;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>flowauditor test --manifests PATH... --expect FILE [--junit FILE]</c>: checks expected paths, allowed and
/// blocked, against the manifests. FILE holds JSON lines <c>{"from","to","protocol","port","expect":"allow"|"deny"}</c>
/// (endpoints as <c>explain</c> takes them, an optional <c>"name"</c>). Each mismatch is printed with the explain
/// reasoning. Exit codes: 0 every expectation holds; 1 a mismatch, or bad input (manifests, expectation lines,
/// unknown endpoints; reported, the rest still checked); 2 usage.
/// </summary>
internal static class TestCommand
{
    public const int Failed = 1;

    public static Command Create()
    {
        var input = new PolicyInputOptions();
        var expect = new Option<string>("--expect") { Description = "JSON lines of expected connections: {\"from\",\"to\",\"protocol\",\"port\",\"expect\":\"allow\"|\"deny\"}.", Required = true };
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file, for CI." };
        var command = new Command("test", "Check that expected connections are allowed and blocked paths stay blocked.") { expect, junit };
        input.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var file = parse.GetValue(expect)!;
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: cannot read {file}: {e.Message}").ConfigureAwait(false);
                return Failed;
            }

            var loaded = input.Load(parse);
            await DiagnosticsOutput.WriteAsync(stderr, loaded).ConfigureAwait(false);
            var (probes, errors) = ExplainProbeFile.Read(file, text, expectations: true);
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync(error).ConfigureAwait(false);
            }

            var analyzer = new ConnectionAnalyzer(new PolicyEvaluator(loaded.Policies, input.Evaluation(parse)));
            var results = probes.Select(p => ExpectationCheck.Run(loaded.Cluster, analyzer, file, p)).ToList();
            await stdout.WriteAsync(TestTextOutput.Render(results)).ConfigureAwait(false);
            if (parse.GetValue(junit) is { } junitFile)
            {
                try
                {
                    await File.WriteAllTextAsync(junitFile, JUnitXml.Document(file, results, errors), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await stderr.WriteLineAsync($"error: cannot write {junitFile}: {e.Message}").ConfigureAwait(false);
                    return Failed;
                }
            }

            return results.Any(r => !r.Passed) || errors.Count > 0 || loaded.HasErrors ? Failed : 0;
        });
        return command;
    }
}
