using System.Runtime.CompilerServices;

namespace FlowAuditor.Tests.Hubble;

/// <summary>The verbatim Hubble captures kept with the Hubble tests (see their PROVENANCE.md), found from this source file.</summary>
internal static class CliFixtures
{
    public static string Directory { get; } = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", "FlowAuditor.Hubble.Tests", "Fixtures", "hubble"));

    public static string[] All => [.. System.IO.Directory.GetFiles(Directory, "*.jsonl").Order(StringComparer.Ordinal)];

    public static string PathOf(string name) => Path.Combine(Directory, name);

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
