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

    [Fact]
    public void WithoutAPath_KubeconfigListIsMerged_FirstFileWinning_AndContextPicksAnother()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a", Config("a", "https://10.0.0.1:6443"));
        var second = dir.Write("b", Config("b", "https://10.0.0.2:6443"));
        string? Env(string name) => name == "KUBECONFIG" ? $"{dir.Path}/missing:{first}:{second}" : null;

        Assert.Equal("https://10.0.0.1:6443", KubernetesClients.Configure(null, null, Env, home: "").Host);
        Assert.Equal("https://10.0.0.2:6443", KubernetesClients.Configure(null, "b", Env, home: "").Host);
    }

    [Fact]
    public void WithoutAPathOrKubeconfigVariable_TheHomeConfigIsUsed()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, ".kube"));
        File.WriteAllText(Path.Combine(dir.Path, ".kube", "config"), Config("home", "https://10.0.0.3:6443"));

        Assert.Equal("https://10.0.0.3:6443", KubernetesClients.Configure(null, null, _ => null, dir.Path).Host);
    }

    [Fact]
    public void AKubeconfigVariableNamingNoFile_IsOneClearLine()
    {
        var e = Assert.Throws<KubernetesConnectionException>(() =>
            KubernetesClients.Configure(null, null, name => name == "KUBECONFIG" ? "/nonexistent/a:/nonexistent/b" : null, ""));

        Assert.Equal("KUBECONFIG '/nonexistent/a:/nonexistent/b': none of its files exists", e.Message);
    }

    [Fact]
    public void AnUnknownContext_NamesTheFileAndTheContext()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config", Config("a", "https://10.0.0.1:6443"));

        var e = Assert.Throws<KubernetesConnectionException>(() => KubernetesClients.Create(path, "nope"));

        Assert.StartsWith($"kubeconfig '{path}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains("nope", e.Message, StringComparison.Ordinal);
    }

    private static string Config(string name, string server) => $$$"""
        apiVersion: v1
        kind: Config
        current-context: {{{name}}}
        clusters: [{name: {{{name}}}, cluster: {server: "{{{server}}}", insecure-skip-tls-verify: true}}]
        users: [{name: {{{name}}}, user: {token: abc}}]
        contexts: [{name: {{{name}}}, context: {cluster: {{{name}}}, user: {{{name}}}}}]
        """;
}
