using FlowAuditor.Kubernetes.Agent;
using FlowAuditor.Kubernetes.Watching;

namespace FlowAuditor.Daemon;

/// <summary>Where the daemon reads the agent's option values: the cluster's cilium-config, or nowhere.</summary>
internal interface IAgentConfigSource
{
    Task<CiliumConfig> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Chooses the source: the Kubernetes API unless policies come from a directory (no cluster to ask).</summary>
internal static class AgentConfigSources
{
    public static IAgentConfigSource Create(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PoliciesDir is null ? new KubernetesAgentConfig(options.Kubeconfig) : new NoAgentConfig("--policies-dir: no cluster to read cilium-config from");
    }

    private sealed class KubernetesAgentConfig(string? kubeconfig) : IAgentConfigSource
    {
        public async Task<CiliumConfig> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                using var client = KubernetesClients.Create(kubeconfig);
                return await CiliumConfigReader.ReadAsync(client, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesConnectionException e)
            {
                // The policy source reports an unusable configuration itself; here it only means "defaults".
                return CiliumConfig.NotRead($"cilium-config not read: {e.Message}");
            }
        }
    }

    private sealed class NoAgentConfig(string why) : IAgentConfigSource
    {
        public Task<CiliumConfig> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(CiliumConfig.NotRead(why));
    }
}
