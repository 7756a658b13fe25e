using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Cli;

/// <summary><c>explain</c> takes pod names as Hubble shows them, resolved to the workload the manifests define.</summary>
public sealed class ExplainPodNameTests
{
    [Theory]
    [InlineData("monitoring/prometheus-k8s-0", "monitoring/prometheus-k8s[StatefulSet]")]
    [InlineData("production/frontend-7d9c8b5f4-x2x9q", "production/frontend[Deployment]")]
    [InlineData("reporting/nightly-report-29371745-k4t8d", "reporting/nightly-report[CronJob]")]
    public async Task HubblePodName_ResolvesToItsWorkload(string pod, string workload)
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("explain", "--manifests", Example.Manifests, "--from", pod, "--to", "production/backend", "--port", "8080");

        Assert.Equal((0, string.Empty), (code, stderr));
        Assert.StartsWith($"Connections between {workload} => production/backend[Deployment]:", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("production/frontend-0")] // an ordinal is a StatefulSet's pod, and frontend is a Deployment
    [InlineData("monitoring/prometheus-k8s-x")]
    public async Task NameNoControllerWouldGive_IsStillUnknown(string pod)
    {
        var (code, _, stderr) = await CliRun.RunAsync("explain", "--manifests", Example.Manifests, "--from", pod, "--to", "production/backend", "--port", "8080");

        Assert.Equal(2, code);
        Assert.Contains($"unknown endpoint '{pod}'", stderr, StringComparison.Ordinal);
    }
}
