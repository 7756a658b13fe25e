namespace FlowAuditor.Tests.Conformance;

/// <summary>The netpol-analyzer cases copied to the test output (see netpol-analyzer/PROVENANCE.md).</summary>
internal static class ConformanceCases
{
    public const int ExpectedCount = 96;

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Conformance", "netpol-analyzer", "cases");

    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static TheoryData<string> All() => [.. Names];

    public static TheoryData<string> WithExplain() => [.. Names.Where(n => File.Exists(ExplainFile(n)))];

    public static string Input(string name) => Path.Combine(Root, name, "input");

    public static string ConnlistFile(string name) => Path.Combine(Root, name, "connlist.txt");

    public static string ExplainFile(string name) => Path.Combine(Root, name, "explain.txt");
}
