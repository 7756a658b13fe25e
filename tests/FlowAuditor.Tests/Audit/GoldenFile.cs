using System.Runtime.CompilerServices;

namespace FlowAuditor.Tests.Audit;

/// <summary>
/// Compares output with a reviewed golden file under <c>FOLDER/Golden</c> (Audit by default). Set
/// FLOWAUDITOR_UPDATE_GOLDEN=1 to rewrite the source copies after an intended change (then review the diff like any
/// code change).
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual, string folder = "Audit", [CallerFilePath] string callerPath = "")
    {
        if (Environment.GetEnvironmentVariable("FLOWAUDITOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", name), actual);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, folder, "Golden", name);
        Assert.True(File.Exists(path), $"golden file {name} is missing; run with FLOWAUDITOR_UPDATE_GOLDEN=1 and review it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var first = Enumerable.Range(0, Math.Max(expectedLines.Length, actualLines.Length))
                .First(i => i >= expectedLines.Length || i >= actualLines.Length || expectedLines[i] != actualLines[i]);
            Assert.Fail($"{name} differs at line {first + 1}:\n  expected: {(first < expectedLines.Length ? expectedLines[first] : "<end>")}\n  actual:   {(first < actualLines.Length ? actualLines[first] : "<end>")}");
        }
    }
}
