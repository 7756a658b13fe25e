using System.Text.Json;
using FlowAuditor.Tests.Cli;

namespace FlowAuditor.Tests.Audit;

/// <summary>
/// The example's staged set (deploy/examples/three-tier/staged): the numbers its README states, the golden report
/// section, and bad staged input.
/// </summary>
public sealed class StagedExampleTests
{
    [Fact]
    public async Task JsonReport_HasTheNumbersTheExampleReadmeStates_ForEachChangeAndAllTogether()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--staged", Example.Staged, "-o", "json");

        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        var staged = report.RootElement.GetProperty("staged").EnumerateArray()
            .Select(s => (s.GetProperty("policy").GetString(), s.GetProperty("kind").GetString(), s.GetProperty("action").GetString(), s.GetProperty("wouldDeny").GetInt64(), s.GetProperty("wouldAllow").GetInt64()))
            .ToList();
        var (rows, combined) = ReadmeTable();
        Assert.Equal(4, rows.Count);
        Assert.Equal(rows.Order(), staged.Order());
        var all = report.RootElement.GetProperty("stagedCombined");
        Assert.Equal(combined, (all.GetProperty("wouldDeny").GetInt64(), all.GetProperty("wouldAllow").GetInt64()));
        Assert.Equal(104, all.GetProperty("attempts").GetInt64());
        Assert.False(all.GetProperty("boundReached").GetBoolean());
    }

    [Fact]
    public async Task Examples_NameTheAggregateAndWhatDecides()
    {
        var (_, stdout, _) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--staged", Example.Staged, "-o", "json");

        using var report = JsonDocument.Parse(stdout);
        var deny = report.RootElement.GetProperty("staged").EnumerateArray().Single(s => s.GetProperty("policy").GetString() == "production/deny-plain-http");
        var example = Assert.Single(deny.GetProperty("examples").EnumerateArray());
        Assert.Equal(
            ("would-deny", "ingress", "production/frontend[Deployment]", "ingress-nginx/ingress-nginx-controller[Deployment]", "TCP", 80, 10),
            (example.GetProperty("effect").GetString(), example.GetProperty("direction").GetString(), example.GetProperty("subject").GetString(),
             example.GetProperty("peer").GetString(), example.GetProperty("protocol").GetString(), example.GetProperty("port").GetInt32(), example.GetProperty("attempts").GetInt32()));
        var denial = Assert.Single(example.GetProperty("decidedBy").GetProperty("denials").EnumerateArray());
        Assert.Equal(("production/deny-plain-http", "deny-rule", 1), (denial.GetProperty("policy").GetString(), denial.GetProperty("reason").GetString(), denial.GetProperty("rule").GetInt32()));
    }

    [Fact]
    public async Task TextReport_StagedChangesSection_MatchesTheGolden()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--staged", Example.Staged);

        Assert.True(code == 0, stderr);
        var start = stdout.IndexOf("Staged changes\n", StringComparison.Ordinal);
        var end = stdout.IndexOf("Readiness\n", StringComparison.Ordinal);
        Assert.InRange(start, 0, end);
        GoldenFile.AssertMatches("three-tier.staged.txt", stdout[start..end]);
    }

    [Fact]
    public async Task WithoutStaged_TheReportHasNoStagedFields()
    {
        var (_, stdout, _) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "-o", "json");

        using var report = JsonDocument.Parse(stdout);
        Assert.False(report.RootElement.TryGetProperty("staged", out _));
    }

    [Fact]
    public async Task BadStagedInput_IsOneLinePerProblem_ExitsOne_AndTheRestIsStillMeasured()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "a-broken.yaml"), "kind: NetworkPolicy\nmetadata: {name: x\n");
        File.WriteAllText(Path.Combine(dir.Path, "b-delete.yaml"), """
            kind: NetworkPolicy
            metadata:
              name: allow-frontend-egress
              namespace: production
              annotations: {flowauditor.io/staged-action: remove}
            """);
        File.Copy(Path.Combine(Example.Staged, "delete-allow-frontend-egress.yaml"), Path.Combine(dir.Path, "c-good.yaml"));

        var (code, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--staged", dir.Path, "-o", "json");

        Assert.Equal(1, code);
        var errors = CliRun.Lines(stderr).Where(l => l.Contains(": error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith(Path.Combine(dir.Path, "a-broken.yaml") + ":2: error: malformed YAML", errors[0], StringComparison.Ordinal);
        Assert.Equal(Path.Combine(dir.Path, "b-delete.yaml") + ":3: error: NetworkPolicy production/allow-frontend-egress: metadata.annotations.flowauditor.io/staged-action: must be 'set' or 'delete', not 'remove'; not staged", errors[1]);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(stdout);
        Assert.Equal(14, Assert.Single(report.RootElement.GetProperty("staged").EnumerateArray()).GetProperty("wouldDeny").GetInt64());
    }

    // The README's table: | `file` | policy | kind | action | would deny | would allow |, then a row "all together".
    private static (List<(string?, string?, string?, long, long)> Rows, (long, long) Combined) ReadmeTable()
    {
        var lines = File.ReadAllLines(Example.Readme);
        var header = Array.FindIndex(lines, l => l.StartsWith("| staged file |", StringComparison.Ordinal));
        Assert.True(header >= 0, "the example README has no staged-changes table");
        var rows = new List<(string?, string?, string?, long, long)>();
        (long, long) combined = default;
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim().Trim('*')).ToArray();
            var counts = (long.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture), long.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture));
            if (cells[0] == "all together")
            {
                combined = counts;
            }
            else
            {
                rows.Add((cells[1].Trim('`'), cells[2], cells[3], counts.Item1, counts.Item2));
            }
        }

        return (rows, combined);
    }
}
