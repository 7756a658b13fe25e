using System.CommandLine;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Cli;

/// <summary>
/// The options that choose whose policy engine decides: <c>--cilium-version X.Y</c> (that version's code paths and
/// defaults) and the agent options that change verdicts, each overriding the version's default. One set per command:
/// <c>var agent = CommonOptions.Agent(); agent.AddTo(command); ... agent.Evaluation(parse)</c>.
/// </summary>
internal sealed class AgentOptionSet
{
    public Option<string?> Version { get; } = new("--cilium-version")
    {
        Description = $"Decide as this Cilium version does (modelled: {string.Join(", ", CiliumVersion.Modelled)}; default {CiliumVersion.Default}).",
    };

    public Option<string?> AllowLocalhost { get; } = new("--allow-localhost")
    {
        Description = "The agent's allow-localhost: always (Kubernetes mode default: the host reaches every local pod) or policy.",
    };

    public Option<bool?> PolicyDefaultLocalCluster { get; } = new("--policy-default-local-cluster")
    {
        Description = "The agent's policy-default-local-cluster (true|false; default true from 1.19): selectors without a cluster select local pods only.",
    };

    public Option<string[]> Labels { get; } = new("--labels")
    {
        Description = "The agent's labels option: extra identity label prefixes ([source:][!]regexp) added to the default filter.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> IpBlockMatchesPods { get; } = CommonOptions.IpBlockMatchesPods();

    public AgentOptionSet()
    {
        Version.Validators.Add(r =>
        {
            if (r.GetValue(Version) is { } text && !CiliumVersion.TryParse(text, out _))
            {
                r.AddError($"--cilium-version: '{text}' is not a version (expected X.Y, e.g. 1.18).");
            }
        });
        AllowLocalhost.AcceptOnlyFromAmong("always", "policy", "auto");
        Labels.Validators.Add(r =>
        {
            if (r.GetValue(Labels) is { Length: > 0 } prefixes && !LabelFilter.TryCreate(prefixes, out _, out var error))
            {
                r.AddError($"--labels: {error}");
            }
        });
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Version, AllowLocalhost, PolicyDefaultLocalCluster, Labels, IpBlockMatchesPods })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The version given, or the default; manifests are validated against it too.</summary>
    public CiliumVersion VersionOf(ParseResult parse) =>
        CiliumVersion.TryParse(parse?.GetValue(Version), out var version) ? version.Nearest() : CiliumVersion.Default;

    /// <summary>The version's defaults with every explicit flag applied over them.</summary>
    public EvaluationOptions Evaluation(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var options = EvaluationOptions.ForVersion(VersionOf(parse)) with { IpBlockMatchesPods = parse.GetValue(IpBlockMatchesPods) };
        return new AgentOverrides(
            parse.GetValue(AllowLocalhost) is { } mode ? mode != "policy" : null,
            parse.GetValue(PolicyDefaultLocalCluster),
            parse.GetValue(Labels) ?? []).ApplyTo(options);
    }
}
