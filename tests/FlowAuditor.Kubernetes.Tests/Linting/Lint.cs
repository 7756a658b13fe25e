using FlowAuditor.Core.Linting;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.Linting;

/// <summary>Lints inline manifests as <c>flowauditor lint</c> would (through the real loader).</summary>
internal static class Lint
{
    /// <summary>Two namespaces and three pods most rule tests build on.</summary>
    public const string Cluster = """
        kind: Namespace
        metadata: {name: shop, labels: {team: shop}}
        ---
        kind: Namespace
        metadata: {name: data}
        ---
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
        ---
        kind: Pod
        metadata: {name: api, namespace: shop, labels: {app: api}}
        ---
        kind: Pod
        metadata: {name: postgres, namespace: data, labels: {app: postgres}}
        spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
        """;

    public static IReadOnlyList<LintFinding> All(string yaml)
    {
        var loaded = Manifest.LoadClean(yaml);
        return Linter.Run(new LintContext(loaded.Cluster, loaded.Policies));
    }

    public static IReadOnlyList<LintFinding> Of(string rule, string yaml) => [.. All(yaml).Where(f => f.Rule == rule)];

    /// <summary>The cluster plus the policy, linted for one rule.</summary>
    public static IReadOnlyList<LintFinding> WithCluster(string rule, string policy) => Of(rule, Cluster + "\n---\n" + policy);
}
