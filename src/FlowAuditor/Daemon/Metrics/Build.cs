using System.Reflection;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// The running build: the version and the git commit the SDK appends to the informational version
/// (<c>1.0.0+&lt;sha&gt;</c>, from SourceLink or <c>-p:SourceRevisionId=</c>); <c>unknown</c> when built without either.
/// </summary>
internal sealed record Build(string Version, string Commit)
{
    public const string UnknownCommit = "unknown";

    public static Build Current { get; } = Parse(typeof(Build).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    public static Build Parse(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 || plus == informationalVersion.Length - 1
            ? new Build(informationalVersion, UnknownCommit)
            : new Build(informationalVersion[..plus], informationalVersion[(plus + 1)..]);
    }
}
