using FlowAuditor.Tests.Cli;

namespace FlowAuditor.Tests.Audit;

/// <summary>The example's report and suggestions, byte for byte, as reviewed in Audit/Golden.</summary>
public sealed class AuditGoldenTests
{
    [Fact]
    public async Task TextReport_MatchesTheGoldenReport()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests);

        Assert.True(code == 0, stderr);
        GoldenFile.AssertMatches("three-tier.report.txt", stdout);
    }

    [Theory]
    [InlineData("networkpolicy")]
    [InlineData("cilium")]
    public async Task SuggestionFiles_MatchTheGoldenSuggestions(string format)
    {
        using var outDir = new TempDirectory();

        var (code, _, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--suggest", format, "--out", outDir.Path);

        Assert.True(code == 0, stderr);
        var files = Directory.GetFiles(outDir.Path, "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, files.Count); // five for production, one per reporting workload, and reporting's namespace-wide DNS policy
        var combined = string.Join("", files.Select(f => $"### {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
        GoldenFile.AssertMatches($"three-tier.suggestions.{format}.yaml", combined);
    }
}
