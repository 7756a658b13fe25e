using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Kubernetes.Tests.Support;

/// <summary>Loads inline manifests and answers the questions tests ask about the result.</summary>
internal static class Manifest
{
    public static ManifestLoadResult Load(string yaml, string fileName = "test.yaml", CiliumVersion? version = null) => ManifestLoader.LoadText(yaml, fileName, version);

    /// <summary>Loads text that must be valid (no errors, no warnings).</summary>
    public static ManifestLoadResult LoadClean(string yaml)
    {
        var result = Load(yaml);
        var problems = result.Diagnostics.Where(d => d.Severity != Severity.Info).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        return result;
    }

    public static Endpoint Pod(this ManifestLoadResult result, string ns, string name) =>
        result.Cluster.FindPod(ns, name) ?? throw new InvalidOperationException($"no pod {ns}/{name}");

    public static bool Allows(this ManifestLoadResult result, Endpoint source, Endpoint destination, Protocol protocol, int port) =>
        new PolicyEvaluator(result.Policies).IsAllowed(source, destination, protocol, port);

    public static Diagnostic SingleError(this ManifestLoadResult result) =>
        Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
}
