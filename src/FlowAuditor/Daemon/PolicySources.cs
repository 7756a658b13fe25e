using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon;

/// <summary>
/// Chooses the policy source: a manifests directory when <c>--policies-dir</c> is set, else the Kubernetes API. On
/// the API, the pods watched for named ports are this node's (DaemonSet), or every node's when the daemon reads
/// hubble-relay (a TCP address) with no node name: relay brings flows from every node.
/// </summary>
internal static class PolicySources
{
    public static IPolicySource Create(DaemonOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PoliciesDir is { } directory)
        {
            return new DirectoryPolicySource(directory, new DirectoryPolicySourceOptions(), loggerFactory, time);
        }

        // Throws KubernetesConnectionException with a clear message for a missing or broken kubeconfig.
        var client = KubernetesClients.Create(options.Kubeconfig, options.KubeContext);
        // An unset downward-API variable arrives as "": no node.
        var node = string.IsNullOrWhiteSpace(options.NodeName) ? null : options.NodeName;
        var relay = node is null && !IsAgentSocket(options.HubbleAddress);
        return new KubernetesPolicySource(client, new KubernetesWatchOptions { NodeName = node, AllPods = relay }, loggerFactory, time);
    }

    // The agent's own socket serves one node's flows; anything else (host:port, tls://) is taken to be relay.
    private static bool IsAgentSocket(string address) => address.StartsWith("unix:", StringComparison.Ordinal);
}
