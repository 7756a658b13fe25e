using System.Xml.Linq;
using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Cli;

public sealed class TestCliTests
{
    private static readonly string Expectations = Path.Combine(Example.Directory, "expectations.jsonl");

    // What a careless change would add: the database admits the frontend and the frontend may reach it.
    private const string FrontendToDatabase = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-frontend-to-database, namespace: production}
        spec:
          podSelector: {matchLabels: {app: database}}
          policyTypes: [Ingress]
          ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}], ports: [{port: 5432}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-frontend-egress-database, namespace: production}
        spec:
          podSelector: {matchLabels: {app: frontend}}
          policyTypes: [Egress]
          egress: [{to: [{podSelector: {matchLabels: {app: database}}}], ports: [{port: 5432}]}]
        """;

    [Theory]
    [InlineData("test")]
    [InlineData("lint")]
    public async Task Lint_and_test_decide_as_the_given_Cilium_version_and_refuse_an_unknown_one(string command)
    {
        string[] input = command == "test" ? ["--manifests", Example.Manifests, "--expect", Expectations] : ["--manifests", Example.Manifests, "--fail-on", "never"];

        var (code, _, stderr) = await CliRun.RunAsync([command, .. input, "--cilium-version", "1.18", "--allow-localhost", "policy"]);
        var (badCode, _, badError) = await CliRun.RunAsync([command, .. input, "--cilium-version", "one.eighteen"]);

        Assert.True(code == 0, stderr);
        Assert.Equal(2, badCode);
        Assert.Contains("--cilium-version", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExampleExpectations_AllHoldOnTheExample()
    {
        using var dir = new TempManifests();
        var junit = Path.Combine(dir.Root, "junit.xml");

        var (code, stdout, stderr) = await CliRun.RunAsync("test", "--manifests", Example.Manifests, "--expect", Expectations, "--junit", junit);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, code);
        Assert.Contains("ok    line 5: frontend to database must be denied", CliRun.Lines(stdout));
        Assert.Equal("7 expectations: 7 passed, 0 failed", CliRun.Lines(stdout)[^1]);
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal(("7", "0", "0"), ((string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("errors")!));
        Assert.Empty(suite.Descendants("failure"));
    }

    [Fact]
    public async Task BlockedPathOpenedByAPolicy_FailsWithTheExplainReasoning()
    {
        using var dir = new TempManifests();
        foreach (var file in Directory.GetFiles(Example.Manifests))
        {
            File.Copy(file, Path.Combine(dir.Root, Path.GetFileName(file)));
        }

        dir.Write("careless.yaml", FrontendToDatabase);
        var junit = Path.Combine(dir.Root, "out.xml");

        var (code, stdout, _) = await CliRun.RunAsync("test", "--manifests", dir.Root, "--expect", Expectations, "--junit", junit);

        Assert.Equal(1, code);
        var lines = CliRun.Lines(stdout);
        var fail = Array.IndexOf(lines, "FAIL  line 5: frontend to database must be denied");
        Assert.True(fail >= 0, stdout);
        Assert.Equal("      expected denied, but the policies leave it allowed:", lines[fail + 1]);
        Assert.Contains(lines, l => l.EndsWith("NetworkPolicy 'production/allow-frontend-egress-database' allows connections by Egress rule #1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("NetworkPolicy 'production/allow-frontend-to-database' allows connections by Ingress rule #1", StringComparison.Ordinal));
        Assert.Equal("7 expectations: 6 passed, 1 failed", lines[^1]);
        var failure = Assert.Single(XDocument.Load(junit).Descendants("failure"));
        Assert.Equal("expected denied, got allowed", (string)failure.Attribute("message")!);
        Assert.Contains("allow-frontend-to-database", failure.Value, StringComparison.Ordinal);
        Assert.Equal("line 5: frontend to database must be denied", (string)failure.Parent!.Attribute("name")!);
    }

    [Fact]
    public async Task BadLinesAndUnknownEndpoints_AreReportedAndExit1_TheRestStillChecked()
    {
        using var dir = new TempManifests();
        var expect = dir.Write("expect.jsonl", """
            {"from":"production/frontend","to":"production/backend","port":8080,"expect":"allow"}
            {"from":"production/frontend","to":"production/backend","port":8080,"expect":"maybe"}
            {"from":"production/nosuch","to":"production/backend","port":8080,"expect":"deny"}
            """);
        var junit = Path.Combine(dir.Root, "junit.xml");

        var (code, stdout, stderr) = await CliRun.RunAsync("test", "--manifests", Example.Manifests, "--expect", expect, "--junit", junit);

        Assert.Equal(1, code);
        Assert.Contains($"{expect}:2: error: \"expect\" must be \"allow\" or \"deny\"", stderr, StringComparison.Ordinal);
        Assert.Contains("ok    line 1:", stdout, StringComparison.Ordinal);
        Assert.Contains($"{expect}:3: error: unknown endpoint 'production/nosuch'", stdout, StringComparison.Ordinal);
        Assert.Equal("2", (string)XDocument.Load(junit).Root!.Attribute("errors")!);
    }

    [Fact]
    public async Task WithoutExpect_IsAUsageError()
    {
        var (code, _, _) = await CliRun.RunAsync("test", "--manifests", Example.Manifests);

        Assert.Equal(2, code);
    }
}
