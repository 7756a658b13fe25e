using System.CommandLine;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Daemon;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Cli;

/// <summary>
/// What <c>demo</c> and <c>loadtest</c> share: an example directory (capture.jsonl + manifests/), its capture loaded
/// for the replay server, and the settings of a daemon consuming that server in the same process.
/// </summary>
internal static class ExampleReplay
{
    public static Option<DirectoryInfo> ExampleOption() => new("--example")
    {
        Description = "Directory with capture.jsonl and manifests/.",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("deploy", "examples", "three-tier")),
    };

    public static string Capture(DirectoryInfo example) => Path.Combine(example.FullName, "capture.jsonl");

    public static string Manifests(DirectoryInfo example) => Path.Combine(example.FullName, "manifests");

    /// <summary>Loads the capture, or explains (on <paramref name="error"/>) why there is none and returns null.</summary>
    public static async Task<List<GetFlowsResponse>?> LoadAsync(DirectoryInfo example, string command, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(error);
        if (!File.Exists(Capture(example)) || !Directory.Exists(Manifests(example)))
        {
            await error.WriteLineAsync($"flowauditor {command}: {example.FullName} has no capture.jsonl and manifests/ (run from the repository root, or pass --example)").ConfigureAwait(false);
            return null;
        }

        var (records, _) = await CaptureLoader.LoadAsync([Capture(example)], strict: false, error, cancellationToken).ConfigureAwait(false);
        return records;
    }

    /// <summary>Settings for a daemon reading <paramref name="hubbleAddress"/> with the example's policies.</summary>
    public static Dictionary<string, string?> DaemonSettings(string hubbleAddress, DirectoryInfo example, string listen, bool follow) => new()
    {
        [$"{DaemonOptions.Section}:{nameof(DaemonOptions.HubbleAddress)}"] = hubbleAddress,
        [$"{DaemonOptions.Section}:{nameof(DaemonOptions.PoliciesDir)}"] = Manifests(example),
        [$"{DaemonOptions.Section}:{nameof(DaemonOptions.Listen)}"] = listen,
        [$"{DaemonOptions.Section}:{nameof(DaemonOptions.Follow)}"] = follow ? "true" : "false",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
