using FlowAuditor.Daemon.State;

namespace FlowAuditor.Daemon;

/// <summary>The fatal start-up errors the daemon reports in one clear line (the rest propagate as crashes).</summary>
internal static class StartupFailure
{
    public static string? Describe(Exception exception) => exception switch
    {
        StateStoreException e => e.Message,
        Hubble.Replay.ListenAddressInUseException e => e.Message,
        k8s.Exceptions.KubeConfigException e => $"kubeconfig: {e.Message}",
        Kubernetes.Watching.KubernetesConnectionException e => e.Message,
        // Dependency injection may wrap what a factory threw.
        { InnerException: { } inner } => Describe(inner),
        _ => null,
    };
}
