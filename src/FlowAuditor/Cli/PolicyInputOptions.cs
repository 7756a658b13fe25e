using System.CommandLine;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Cli;

/// <summary>
/// The options of commands that load manifests and evaluate policies offline (<c>lint</c>, <c>test</c>): the
/// manifests plus the agent's options (<see cref="AgentOptionSet"/>: Cilium version, allow-localhost, ...), so an
/// option that changes evaluation reaches all of them in one place.
/// </summary>
internal sealed class PolicyInputOptions
{
    private readonly AgentOptionSet _agent = CommonOptions.Agent();

    public Option<string[]> Manifests { get; } = CommonOptions.Manifests();

    public void AddTo(Command command)
    {
        command.Options.Add(Manifests);
        _agent.AddTo(command);
    }

    /// <summary>The manifests, validated as the chosen Cilium version would.</summary>
    public ManifestLoadResult Load(ParseResult parse) => ManifestLoader.Load(parse.GetValue(Manifests)!, _agent.VersionOf(parse));

    public EvaluationOptions Evaluation(ParseResult parse) => _agent.Evaluation(parse);
}
