using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Agent;
using FlowAuditor.Testing;
using k8s;

namespace FlowAuditor.Kubernetes.Tests.Agent;

/// <summary>The agent options read from kube-system/cilium-config through the real client and the fake API server.</summary>
public sealed class CiliumConfigReaderTests
{
    private static async Task<(CiliumConfig Config, FakeKubeApiServer Server)> ReadAsync(Action<FakeKubeApiServer> arrange)
    {
        var server = await FakeKubeApiServer.StartAsync();
        arrange(server);
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        return (await CiliumConfigReader.ReadAsync(client, CancellationToken.None), server);
    }

    private static string ConfigMap(string data) =>
        """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cilium-config","namespace":"kube-system"},"data":""" + data.Trim() + "}";

    [Fact]
    public async Task CiliumConfig_GivesTheAgentsOptionValues()
    {
        var (config, server) = await ReadAsync(s => s.Apply(ConfigMap("""
            {"allow-localhost":"policy","policy-default-local-cluster":"false","labels":"k8s:app k8s:io.kubernetes.pod.namespace","enable-ipv4":"true"}
            """)));
        await using var _ = server;

        Assert.True(config.Found);
        Assert.Empty(config.Problems);
        var options = config.Options.ApplyTo(EvaluationOptions.ForVersion(CiliumVersion.V1_19));
        Assert.Equal(AllowLocalhost.Policy, options.AllowLocalhost);
        Assert.False(options.PolicyDefaultLocalCluster);
        Assert.Equal("default + k8s:app k8s:io.kubernetes.pod.namespace", options.LabelFilter.ToString());
        Assert.Equal(1, server.ListCount("ConfigMap"));
    }

    [Fact]
    public async Task ConfigMapWithoutTheseKeys_LeavesTheVersionDefaults_AndAutoMeansAlways()
    {
        var (config, server) = await ReadAsync(s => s.Apply(ConfigMap("""{"allow-localhost":"auto","cluster-name":"default"}""")));
        await using var _ = server;

        var options = config.Options.ApplyTo(EvaluationOptions.ForVersion(CiliumVersion.V1_18));
        Assert.Equal(AllowLocalhost.Always, options.AllowLocalhost);
        Assert.False(options.PolicyDefaultLocalCluster);
    }

    [Fact]
    public async Task BadValue_IsNamed_AndLeftAtTheDefault()
    {
        var (config, server) = await ReadAsync(s => s.Apply(ConfigMap("""{"policy-default-local-cluster":"yes"}""")));
        await using var _ = server;

        Assert.Equal("ConfigMap kube-system/cilium-config: policy-default-local-cluster: 'yes' is not true or false", Assert.Single(config.Problems));
        Assert.Null(config.Options.PolicyDefaultLocalCluster);
    }

    [Fact]
    public async Task MissingConfigMap_IsNotAnError()
    {
        var (config, server) = await ReadAsync(_ => { });
        await using var _ = server;

        Assert.False(config.Found);
        Assert.Equal("ConfigMap kube-system/cilium-config not found", config.Source);
        Assert.True(config.Options.IsEmpty);
    }

    [Fact]
    public async Task ForbiddenConfigMap_SaysWhatRbacNeeds()
    {
        var (config, server) = await ReadAsync(s =>
        {
            s.Apply(ConfigMap("""{"allow-localhost":"policy"}"""));
            s.Forbid("ConfigMap");
        });
        await using var _ = server;

        Assert.False(config.Found);
        Assert.Contains("403; RBAC needs get on it", config.Source, StringComparison.Ordinal);
    }
}
