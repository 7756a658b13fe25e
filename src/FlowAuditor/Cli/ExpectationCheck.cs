using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Cluster;

namespace FlowAuditor.Cli;

/// <summary>
/// One expectation checked: passed, or why not, either the explain reasoning of the verdict that differs or the
/// endpoint that could not be resolved.
/// </summary>
internal sealed record ExpectationCheck(ExplainProbe Probe, bool Passed, string? Verdict, string? Reasoning, string? Error)
{
    public static ExpectationCheck Run(ClusterModel cluster, ConnectionAnalyzer analyzer, string file, ExplainProbe probe)
    {
        if (!ExplainEndpoints.TryResolve(cluster, probe.From, out var source, out var error)
            || !ExplainEndpoints.TryResolve(cluster, probe.To, out var destination, out error))
        {
            return new ExpectationCheck(probe, Passed: false, Verdict: null, Reasoning: null, Error: $"{file}:{probe.Line}: error: {error}");
        }

        var verdict = analyzer.Evaluator.Evaluate(source.Endpoint, destination.Endpoint, probe.Protocol, probe.Port);
        var passed = verdict.Allowed == probe.ExpectAllowed;
        var reasoning = passed ? null : ExplainRun.Reasoning(probe, source, destination, verdict);
        return new ExpectationCheck(probe, passed, verdict.Allowed ? "allowed" : "denied", reasoning, Error: null);
    }

    public string Expected => Probe.ExpectAllowed == true ? "allowed" : "denied";
}
