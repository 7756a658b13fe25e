using System.Text.Json;

namespace FlowAuditor.Tests.Cli;

/// <summary>
/// <c>--cilium-version</c> and the agent option flags on explain, connlist and audit: the version picks its defaults,
/// each flag overrides one, and a bad value is a usage error.
/// </summary>
public sealed class CiliumVersionCliTests
{
    // A NotIn-only namespaceSelector: world matches it up to 1.18 (policy-default-local-cluster off), not from 1.19.
    private const string Policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: not-team-x, namespace: prod}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
          - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [x]}]}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: api-0, namespace: prod, labels: {app: api}}
        """;

    private static async Task<(int Code, string Stdout, string Stderr)> ExplainAsync(string from, params string[] flags)
    {
        using var dir = new TempManifests();
        var manifests = dir.Write("policies.yaml", Policies);
        return await CliRun.RunAsync(["explain", "--manifests", manifests, "--from", from, "--to", "prod/api-0", "--port", "80", "-o", "json", .. flags]);
    }

    private static bool Allowed(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("allowed").GetBoolean();

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--cilium-version", "1.18" }, true)]
    [InlineData(new[] { "--cilium-version", "v1.18.3" }, true)]
    [InlineData(new[] { "--cilium-version", "1.19" }, false)]
    [InlineData(new[] { "--cilium-version", "1.18", "--policy-default-local-cluster", "true" }, false)]
    [InlineData(new[] { "--cilium-version", "1.19", "--policy-default-local-cluster", "false" }, true)]
    public async Task CiliumVersion_SelectsItsDefaults_AndFlagsOverrideThem(string[] flags, bool worldAllowed)
    {
        var (code, stdout, stderr) = await ExplainAsync("world", flags);

        Assert.True(code == 0, stderr);
        Assert.Equal(worldAllowed, Allowed(stdout));
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--allow-localhost", "policy" }, false)]
    [InlineData(new[] { "--allow-localhost", "always" }, true)]
    public async Task AllowLocalhost_DecidesWhetherTheHostReachesThePod(string[] flags, bool hostAllowed)
    {
        var (code, stdout, stderr) = await ExplainAsync("host", flags);

        Assert.True(code == 0, stderr);
        Assert.Equal(hostAllowed, Allowed(stdout));
        var ingress = JsonDocument.Parse(stdout).RootElement.GetProperty("ingress");
        Assert.Equal(hostAllowed, ingress.TryGetProperty("allowedByAgent", out var agent) && agent.GetString()!.StartsWith("allow-localhost=always", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("explain", "--cilium-version", "one.eighteen")]
    [InlineData("connlist", "--allow-localhost", "sometimes")]
    [InlineData("audit", "--labels", "k8s:!(")]
    public async Task BadAgentOption_IsAUsageError(string command, string flag, string value)
    {
        using var dir = new TempManifests();
        var manifests = dir.Write("policies.yaml", Policies);
        string[] extra = command == "audit" ? ["--flows", "-"] : command == "explain" ? ["--from", "world", "--to", "prod/api-0"] : [];
        var (code, _, stderr) = await CliRun.RunAsync([command, "--manifests", manifests, flag, value, .. extra]);

        Assert.Equal(2, code);
        Assert.Contains(value, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connlist_TakesTheVersion()
    {
        using var dir = new TempManifests();
        var manifests = dir.Write("policies.yaml", Policies);

        var (code18, list18, _) = await CliRun.RunAsync(["connlist", "--manifests", manifests, "--cilium-version", "1.18"]);
        var (code19, list19, _) = await CliRun.RunAsync(["connlist", "--manifests", manifests, "--cilium-version", "1.19"]);

        Assert.Equal((0, 0), (code18, code19));
        Assert.NotEqual(list18, list19);
    }
}
