using System.Text.Json;
using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Cli;

public sealed class LintCliTests
{
    private static readonly string ZeroTrust = Path.Combine(AppContext.BaseDirectory, "Cli", "Fixtures", "zero-trust.yaml");

    [Fact]
    public async Task ArticleZeroTrustSet_HasNoFindingAtAnySeverity()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("lint", "--manifests", ZeroTrust, "--fail-on", "info");

        Assert.Equal(0, code);
        Assert.Equal("0 findings: 0 errors, 0 warnings, 0 info\n", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Example_Json_IsOneObjectPerLineWithExactlyTheDocumentedFields()
    {
        var (code, stdout, _) = await CliRun.RunAsync("lint", "--manifests", Example.Manifests, "-o", "json");

        var findings = CliRun.Lines(stdout).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(findings, f => Assert.Equal(
            ["rule", "severity", "file", "line", "object", "field", "message", "fix"], f.EnumerateObject().Select(p => p.Name)));

        // The reporting namespace's DNS story, and the namespaces the example leaves without a default deny.
        Assert.Equal(
            [("dns-egress-blocked", "warning", "NetworkPolicy reporting/default-deny-egress"),
             ("namespace-not-isolated", "info", "Namespace ingress-nginx"),
             ("namespace-not-isolated", "info", "Namespace kube-system"),
             ("namespace-not-isolated", "info", "Namespace monitoring"),
             ("namespace-not-isolated", "info", "Namespace reporting")],
            findings.Select(f => (f.GetProperty("rule").GetString(), f.GetProperty("severity").GetString(), f.GetProperty("object").GetString())).Order());
        var dns = findings.Single(f => f.GetProperty("rule").GetString() == "dns-egress-blocked");
        Assert.EndsWith("reporting-policies.yaml", dns.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, dns.GetProperty("line").GetInt32()); // spec.podSelector
        Assert.Equal(1, code); // a warning, and --fail-on defaults to warning
    }

    [Theory]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("info", 1)]
    [InlineData("never", 0)]
    public async Task FailOn_ExitsOneOnlyForAFindingAtOrAboveIt(string failOn, int expected)
    {
        // The example has warnings and infos but no error.
        var (code, _, _) = await CliRun.RunAsync("lint", "--manifests", Example.Manifests, "--fail-on", failOn);

        Assert.Equal(expected, code);
    }

    [Fact]
    public async Task FailOnInfo_OnAnInfoOnlyFinding_Exits1()
    {
        using var dir = new TempManifests();
        dir.Write("a.yaml", "kind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\n");

        Assert.Equal(0, (await CliRun.RunAsync("lint", "--manifests", dir.Root)).Code);
        Assert.Equal(1, (await CliRun.RunAsync("lint", "--manifests", dir.Root, "--fail-on", "info")).Code);
    }

    [Theory]
    [InlineData("--fail-on", "sometimes")]
    [InlineData("-o", "xml")]
    [InlineData("--dns-selector", "k8s-app=kube-dns")]
    [InlineData("--dns-selector", "kube-system/")]
    public async Task UsageErrors_Exit2(string option, string value)
    {
        var (code, _, stderr) = await CliRun.RunAsync("lint", "--manifests", ZeroTrust, option, value);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DnsSelector_MovesWhereDnsMustBeAdmitted()
    {
        // The zero-trust set admits kube-dns only; with DNS elsewhere every production pod's lookups are denied.
        var (code, stdout, _) = await CliRun.RunAsync("lint", "--manifests", ZeroTrust, "--dns-selector", "dns/app=unbound", "-o", "json");

        Assert.Equal(1, code);
        Assert.Contains(CliRun.Lines(stdout), l => l.Contains("\"rule\":\"dns-egress-blocked\"", StringComparison.Ordinal) && l.Contains("app=unbound in namespace dns", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidManifest_IsReportedAndExits1_EvenWithFailOnNever()
    {
        using var dir = new TempManifests();
        dir.Write("bad.yaml", "kind: NetworkPolicy\nmetadata: {name: x}\nspec: {podSelector: [], policyTypes: [Egress]}\n");

        var (code, _, stderr) = await CliRun.RunAsync("lint", "--manifests", dir.Root, "--fail-on", "never");

        Assert.Equal(1, code);
        Assert.Contains("bad.yaml:3: error: NetworkPolicy default/x: spec.podSelector: expected a mapping", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sarif_HasTheRequiredPropertiesOfSarif210()
    {
        var (_, stdout, _) = await CliRun.RunAsync("lint", "--manifests", Example.Manifests, "-o", "sarif");

        SarifShape.AssertValid(JsonDocument.Parse(stdout).RootElement, expectedResults: 5);
    }
}
