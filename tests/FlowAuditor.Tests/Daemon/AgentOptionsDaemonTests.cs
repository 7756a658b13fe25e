using FlowAuditor.Core.Evaluation;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The daemon decides as the cluster's Cilium: options from kube-system/cilium-config (fake API server), the version
/// from Hubble's ServerStatus (replay server reporting an agent version), flags over both.
/// </summary>
public sealed class AgentOptionsDaemonTests
{
    private const string CiliumConfig = """
        {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cilium-config","namespace":"kube-system"},
         "data":{"allow-localhost":"policy","labels":"k8s:app k8s:io.kubernetes.pod.namespace"}}
        """;

    [Fact]
    public async Task Daemon_TakesTheVersionFromServerStatus_AndOptionsFromCiliumConfig()
    {
        await using var env = await ExampleEnvironment.StartAsync(hubbleVersion: "cilium v1.18.3+g4a7b2c1");
        env.Api.Apply(CiliumConfig);
        await using var daemon = await RunningDaemon.StartAsync(env.Settings());

        await Eventually.Until(() => daemon.State.Evaluation.Version == CiliumVersion.V1_18, "the version Hubble reports is used");
        var evaluation = daemon.State.Evaluation;
        Assert.Equal(AllowLocalhost.Policy, evaluation.AllowLocalhost);
        Assert.False(evaluation.PolicyDefaultLocalCluster);
        Assert.Equal(EgressNamedPorts.ClusterWide, evaluation.EgressNamedPorts);
        Assert.Equal("default + k8s:app k8s:io.kubernetes.pod.namespace", evaluation.LabelFilter.ToString());
    }

    [Fact]
    public async Task Flags_OverrideServerStatusAndCiliumConfig()
    {
        await using var env = await ExampleEnvironment.StartAsync(hubbleVersion: "cilium v1.18.3+g4a7b2c1");
        env.Api.Apply(CiliumConfig);
        await using var daemon = await RunningDaemon.StartAsync(env.Settings(
            ("FlowAuditor:CiliumVersion", "1.20"), ("FlowAuditor:AllowLocalhost", "always")));

        await Eventually.Until(() => daemon.State.Evaluation.Version == CiliumVersion.V1_20, "the flag's version is used");
        var evaluation = daemon.State.Evaluation;
        Assert.Equal(AllowLocalhost.Always, evaluation.AllowLocalhost);
        Assert.True(evaluation.PolicyDefaultLocalCluster);
        Assert.Equal(EgressNamedPorts.PerDestination, evaluation.EgressNamedPorts);
    }

    [Fact]
    public async Task WithoutReadableCiliumConfig_TheVersionDefaultsApply()
    {
        await using var env = await ExampleEnvironment.StartAsync();
        env.Api.Apply(CiliumConfig);
        env.Api.Forbid("ConfigMap");
        await using var daemon = await RunningDaemon.StartAsync(env.Settings());
        await daemon.WaitForPoliciesAsync();
        await Eventually.Until(() => env.Api.ListCount("ConfigMap") == 1, "cilium-config was asked for");

        Assert.Equal(EvaluationOptions.Cilium.Describe(), daemon.State.Evaluation.Describe());
    }

    [Fact]
    public async Task BadAgentFlag_IsAConfigurationError()
    {
        var (code, _, stderr) = await Cli.CliRun.RunAsync(["run", "--cilium-version", "latest", "--policy-default-local-cluster", "maybe", "--listen", "127.0.0.1:0"]);

        Assert.Equal(2, code);
        Assert.Contains("--cilium-version: 'latest'", stderr, StringComparison.Ordinal);
        Assert.Contains("--policy-default-local-cluster: 'maybe' is not true or false", stderr, StringComparison.Ordinal);
    }
}
