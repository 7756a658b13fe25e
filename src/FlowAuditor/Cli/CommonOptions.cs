using System.CommandLine;

namespace FlowAuditor.Cli;

/// <summary>Options several commands share, defined once so they read and validate the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary><c>--manifests a.yaml dir/ b.yaml</c>: files or directories, several after one flag.</summary>
    public static Option<string[]> Manifests(bool required = true) => new("--manifests", "-m")
    {
        Description = "Policy and cluster manifests: YAML/JSON files or directories (several after one flag).",
        AllowMultipleArgumentsPerToken = true,
        Required = required,
    };

    /// <summary>
    /// <c>--cilium-version</c>, <c>--allow-localhost</c>, <c>--policy-default-local-cluster</c>, <c>--labels</c> and
    /// <c>--ipblock-matches-pods</c>: whose policy engine decides. <c>CommonOptions.Agent().AddTo(command)</c> wires them.
    /// </summary>
    public static AgentOptionSet Agent() => new();

    public static Option<bool> IpBlockMatchesPods() => new("--ipblock-matches-pods")
    {
        Description = "Let ipBlock/CIDR peers match pod IPs too (upstream e2e behaviour). Default follows Cilium: they never match pods.",
    };
}
