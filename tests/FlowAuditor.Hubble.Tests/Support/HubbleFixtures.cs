using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>The verbatim third-party captures copied into the test output (see Fixtures/hubble/PROVENANCE.md).</summary>
internal static class HubbleFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hubble");

    public static IReadOnlyList<string> Files { get; } =
        [.. System.IO.Directory.GetFiles(Directory, "*.jsonl").Order(StringComparer.Ordinal)];

    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files)
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Non-empty lines, counted independently of the reader under test.</summary>
    public static int CountLines(string path) => File.ReadLines(path).Count(line => line.Trim().Length > 0);

    public static async Task<List<GetFlowsResponse>> ReadAllAsync(IEnumerable<string> paths, CaptureReader? reader = null)
    {
        reader ??= new CaptureReader(new CaptureReaderOptions { Strict = true });
        var list = new List<GetFlowsResponse>();
        await foreach (var response in reader.ReadAsync(paths))
        {
            list.Add(response);
        }

        return list;
    }

    public static Task<List<GetFlowsResponse>> ReadAllFixturesAsync() => ReadAllAsync(Files);
}
