using FlowAuditor.Cli.Output;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Cli;

/// <summary>Carries out an <c>explain</c> request against loaded manifests and writes the answers.</summary>
internal sealed class ExplainRun
{
    private readonly ClusterModel _cluster;
    private readonly ConnectionAnalyzer _analyzer;
    private readonly ExplainRequest _request;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public ExplainRun(ClusterModel cluster, ConnectionAnalyzer analyzer, ExplainRequest request, TextWriter stdout, TextWriter stderr)
    {
        _cluster = cluster;
        _analyzer = analyzer;
        _request = request;
        _stdout = stdout;
        _stderr = stderr;
    }

    /// <summary><c>--from/--to</c>: one connection, or with no port (text only) the pair's whole connection space.</summary>
    public async Task<int> SingleAsync()
    {
        if (!ExplainEndpoints.TryResolve(_cluster, _request.From!, out var source, out var error)
            || !ExplainEndpoints.TryResolve(_cluster, _request.To!, out var destination, out error))
        {
            await _stderr.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return ExplainCommand.UsageError;
        }

        if (_request.Port is not { } port)
        {
            var groups = _analyzer.Explain(source.Endpoint, destination.Endpoint);
            await _stdout.WriteAsync(ExplainText.Block(new PairExplanation(source, destination, groups))).ConfigureAwait(false);
            return 0;
        }

        await WriteAsync(new ExplainProbe(_request.From!, _request.To!, _request.Protocol, port), source, destination).ConfigureAwait(false);
        return 0;
    }

    /// <summary><c>--probes FILE</c>: every valid probe in input order; bad lines and unknown endpoints are reported.</summary>
    public async Task<int> ProbesAsync(string file, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await _stderr.WriteLineAsync($"error: cannot read {file}: {e.Message}").ConfigureAwait(false);
            return ExplainCommand.InputErrors;
        }

        var (probes, errors) = ExplainProbeFile.Read(file, text);
        foreach (var error in errors)
        {
            await _stderr.WriteLineAsync(error).ConfigureAwait(false);
        }

        var failed = errors.Count > 0;
        foreach (var probe in probes)
        {
            if (!ExplainEndpoints.TryResolve(_cluster, probe.From, out var source, out var error)
                || !ExplainEndpoints.TryResolve(_cluster, probe.To, out var destination, out error))
            {
                await _stderr.WriteLineAsync($"{file}: error: {error}").ConfigureAwait(false);
                failed = true;
                continue;
            }

            await WriteAsync(probe, source, destination).ConfigureAwait(false);
        }

        return failed ? ExplainCommand.InputErrors : 0;
    }

    private async Task WriteAsync(ExplainProbe probe, AnalysisPeer source, AnalysisPeer destination)
    {
        var verdict = _analyzer.Evaluator.Evaluate(source.Endpoint, destination.Endpoint, probe.Protocol, probe.Port);
        if (_request.Json)
        {
            await _stdout.WriteLineAsync(ExplainJson.Line(probe.From, probe.To, probe.Protocol, probe.Port, verdict)).ConfigureAwait(false);
            return;
        }

        if (_request.ProbesFile is not null)
        {
            // Several blocks read like the reference explain output: each under a dashed line.
            await _stdout.WriteLineAsync(ExplainText.Separator).ConfigureAwait(false);
        }

        await _stdout.WriteLineAsync(Reasoning(probe, source, destination, verdict)).ConfigureAwait(false);
    }

    /// <summary>The explain text of one connection (what <c>test</c> prints for a mismatch too).</summary>
    public static string Reasoning(ExplainProbe probe, AnalysisPeer source, AnalysisPeer destination, Core.Evaluation.ConnectionVerdict verdict)
    {
        var group = new ExplainGroup(ConnectionSet.Of(probe.Protocol, PortSet.Single(probe.Port)), verdict);
        return ExplainText.Block(new PairExplanation(source, destination, [group]));
    }
}
