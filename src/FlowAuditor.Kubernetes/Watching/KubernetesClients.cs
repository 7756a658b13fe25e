using k8s;
using YamlDotNet.Core;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>Creates the API client from <c>--kubeconfig PATH</c> or, without one, from the pod's service account.</summary>
public static class KubernetesClients
{
    /// <exception cref="KubernetesConnectionException">The configuration is missing or unusable; the message names the file and problem.</exception>
    public static IKubernetes Create(string? kubeconfigPath) => new k8s.Kubernetes(Configure(kubeconfigPath));

    internal static KubernetesClientConfiguration Configure(string? kubeconfigPath)
    {
        if (kubeconfigPath is null)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new KubernetesConnectionException(
                    "Kubernetes API: not running in a pod (no service account token or KUBERNETES_SERVICE_HOST); pass --kubeconfig PATH, or --policies-dir DIR to read manifests instead");
            }

            return Wrap("in-cluster service account", KubernetesClientConfiguration.InClusterConfig);
        }

        if (!File.Exists(kubeconfigPath))
        {
            throw new KubernetesConnectionException($"kubeconfig '{kubeconfigPath}': file not found");
        }

        return Wrap($"kubeconfig '{kubeconfigPath}'", () => KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
    }

    // The client reports a broken file as YAML, I/O, configuration or even null-reference errors depending on what is
    // wrong; all of them mean "this configuration cannot be used", so they become one clear start-up failure.
    private static KubernetesClientConfiguration Wrap(string what, Func<KubernetesClientConfiguration> build)
    {
        try
        {
            var config = build();
            if (string.IsNullOrEmpty(config.Host))
            {
                throw new KubernetesConnectionException($"{what}: no server address (cluster.server) in the current context");
            }

            return config;
        }
        catch (Exception e) when (e is not (KubernetesConnectionException or OutOfMemoryException))
        {
            throw new KubernetesConnectionException($"{what}: {Describe(e)}", e);
        }
    }

    private static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is YamlException yaml)
            {
                return $"not valid YAML at line {yaml.Start.Line}, column {yaml.Start.Column}: {yaml.Message}";
            }
        }

        return e.InnerException is { Message.Length: > 0 } cause && cause.Message != e.Message ? $"{e.Message} ({cause.Message})" : e.Message;
    }
}
