using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon;

/// <summary>Chooses the policy source: a manifests directory when <c>--policies-dir</c> is set, else the Kubernetes API.</summary>
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
        var client = KubernetesClients.Create(options.Kubeconfig);
        // An unset downward-API variable arrives as "": no node, so no pod watch (named ports then stay unresolved).
        var node = string.IsNullOrWhiteSpace(options.NodeName) ? null : options.NodeName;
        return new KubernetesPolicySource(client, new KubernetesWatchOptions { NodeName = node }, loggerFactory, time);
    }
}
