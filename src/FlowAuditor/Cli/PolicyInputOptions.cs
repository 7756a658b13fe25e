using System.CommandLine;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Cli;

/// <summary>
/// The options of commands that load manifests and evaluate policies offline (<c>lint</c>, <c>test</c>), built from
/// <see cref="CommonOptions"/> and read into <see cref="EvaluationOptions"/> here, so an option that changes
/// evaluation is added to all of them in one place.
/// </summary>
internal sealed class PolicyInputOptions
{
    public Option<string[]> Manifests { get; } = CommonOptions.Manifests();

    public Option<bool> IpBlockMatchesPods { get; } = CommonOptions.IpBlockMatchesPods();

    public void AddTo(Command command)
    {
        command.Options.Add(Manifests);
        command.Options.Add(IpBlockMatchesPods);
    }

    public EvaluationOptions Evaluation(ParseResult parse) => new() { IpBlockMatchesPods = parse.GetValue(IpBlockMatchesPods) };
}
