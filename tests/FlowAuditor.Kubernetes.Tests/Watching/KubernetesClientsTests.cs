using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>A bad kubeconfig stops the daemon with one clear line naming the file and the problem.</summary>
public sealed class KubernetesClientsTests
{
    [Fact]
    public void MissingKubeconfig_NamesTheFile()
    {
        var e = Assert.Throws<KubernetesConnectionException>(() => KubernetesClients.Create("/nonexistent/kubeconfig"));

        Assert.Equal("kubeconfig '/nonexistent/kubeconfig': file not found", e.Message);
    }

    [Theory]
    [InlineData("not: [valid yaml", "not valid YAML at line")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n", "server host")]
    [InlineData("apiVersion: v1\nkind: Config\ncurrent-context: gone\ncontexts: [{name: other, context: {cluster: c, user: u}}]\n", "gone not found in contexts")]
    public void UnusableKubeconfig_NamesTheFileAndTheProblem(string text, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config", text);

        var e = Assert.Throws<KubernetesConnectionException>(() => KubernetesClients.Create(path));

        Assert.StartsWith($"kubeconfig '{path}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidKubeconfig_PointsTheClientAtItsServer()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: test
            clusters: [{name: c, cluster: {server: "https://10.1.2.3:6443", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: abc}}]
            contexts: [{name: test, context: {cluster: c, user: u}}]
            """);

        using var client = (k8s.Kubernetes)KubernetesClients.Create(path);

        Assert.Equal(new Uri("https://10.1.2.3:6443/"), client.BaseUri);
    }
}
