namespace FlowAuditor.Kubernetes.Watching;

/// <summary>The Kubernetes API cannot be configured (bad kubeconfig, not in a cluster); the message says which file and why.</summary>
public sealed class KubernetesConnectionException : Exception
{
    public KubernetesConnectionException()
    {
    }

    public KubernetesConnectionException(string message)
        : base(message)
    {
    }

    public KubernetesConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
