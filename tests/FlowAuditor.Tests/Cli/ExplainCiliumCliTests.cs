using System.Text.Json;

namespace FlowAuditor.Tests.Cli;

/// <summary>explain over Cilium kinds: policy kinds on every reference, deny rules, label-set and entity endpoints.</summary>
public sealed class ExplainCiliumCliTests
{
    private const string Policies = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: api-policy, namespace: prod}
        spec:
          endpointSelector: {matchLabels: {app: api}}
          ingress:
          - fromEndpoints: [{matchLabels: {app: web}}]
            toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
          - fromEntities: [host]
          ingressDeny:
          - fromEndpoints: [{matchLabels: {app: debug}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api-policy, namespace: prod}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: debug}}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: api-0, namespace: prod, labels: {app: api}}
        spec: {containers: [{name: c, image: x}]}
        """;

    private static async Task<JsonElement> ExplainAsync(params string[] endpoints)
    {
        using var dir = new TempManifests();
        var manifests = dir.Write("policies.yaml", Policies);
        var (code, stdout, stderr) = await CliRun.RunAsync(["explain", "--manifests", manifests, .. endpoints, "-o", "json"]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public async Task DenyRule_WinsOverANetworkPolicyAllow_AndIsNamedWithKindAndRule()
    {
        var root = await ExplainAsync("--from-labels", "k8s:app=debug,k8s:io.kubernetes.pod.namespace=prod", "--to", "prod/api-0", "--port", "8080");

        Assert.False(root.GetProperty("allowed").GetBoolean());
        var denial = Assert.Single(root.GetProperty("ingress").GetProperty("denials").EnumerateArray());
        Assert.Equal(("prod/api-policy", "CiliumNetworkPolicy", 1, "deny-rule"),
            (denial.GetProperty("policy").GetString(), denial.GetProperty("kind").GetString(), denial.GetProperty("rule").GetInt32(), denial.GetProperty("reason").GetString()));
        Assert.Equal(["CiliumNetworkPolicy", "NetworkPolicy"],
            root.GetProperty("ingress").GetProperty("isolatedBy").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LabelSetSource_MatchesTheCnpRuleForItsLabels()
    {
        var root = await ExplainAsync("--from-labels", "k8s:app=web,k8s:io.kubernetes.pod.namespace=prod", "--to", "prod/api-0", "--port", "8080");

        Assert.True(root.GetProperty("allowed").GetBoolean());
        var rule = Assert.Single(root.GetProperty("ingress").GetProperty("allowedBy").EnumerateArray());
        Assert.Equal(("CiliumNetworkPolicy", 1), (rule.GetProperty("kind").GetString(), rule.GetProperty("rule").GetInt32()));
    }

    [Fact]
    public async Task HostEntity_IsAllowedByFromEntities_AndWorldIsNot()
    {
        var host = await ExplainAsync("--from", "host", "--to", "prod/api-0", "--port", "22");
        var world = await ExplainAsync("--from", "world", "--to", "prod/api-0", "--port", "22");

        Assert.True(host.GetProperty("allowed").GetBoolean());
        Assert.Equal(2, Assert.Single(host.GetProperty("ingress").GetProperty("allowedBy").EnumerateArray()).GetProperty("rule").GetInt32());
        Assert.False(world.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task MalformedLabelSet_IsAClearUsageError()
    {
        using var dir = new TempManifests();
        var manifests = dir.Write("policies.yaml", Policies);

        var (code, _, stderr) = await CliRun.RunAsync("explain", "--manifests", manifests, "--from-labels", "=oops", "--to", "prod/api-0", "--port", "80");

        Assert.NotEqual(0, code);
        Assert.Contains("invalid label set", stderr, StringComparison.Ordinal);
    }
}
