using System.Runtime.CompilerServices;
using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Core;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Creates the API client, finding the configuration as kubectl does: <c>--kubeconfig PATH</c>; else the files in
/// <c>$KUBECONFIG</c> (a colon-separated list, merged, the first file's settings winning); else
/// <c>~/.kube/config</c>; else the pod's service account. <c>--context</c> picks a context other than the current one.
/// </summary>
public static class KubernetesClients
{
    /// <exception cref="KubernetesConnectionException">The configuration is missing or unusable; the message names the file and problem.</exception>
    public static IKubernetes Create(string? kubeconfigPath, string? context = null) =>
        new k8s.Kubernetes(Configure(kubeconfigPath, context, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    internal static KubernetesClientConfiguration Configure(string? kubeconfigPath, string? context, Func<string, string?> environment, string home)
    {
        if (kubeconfigPath is not null)
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new KubernetesConnectionException($"kubeconfig '{kubeconfigPath}': file not found");
            }

            return Wrap($"kubeconfig '{kubeconfigPath}'", () => KubernetesClientConfiguration.BuildConfigFromConfigObject(Load(new FileInfo(kubeconfigPath)), context));
        }

        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            // As kubectl: files in the list that do not exist are skipped.
            var files = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).Select(f => new FileInfo(f)).ToArray();
            if (files.Length == 0)
            {
                throw new KubernetesConnectionException($"KUBECONFIG '{list}': none of its files exists");
            }

            var what = $"kubeconfig '{string.Join(Path.PathSeparator, files.Select(f => f.FullName))}'";
            return Wrap(what, () => KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(files), context));
        }

        var standard = Path.Combine(home, ".kube", "config");
        if (home.Length > 0 && File.Exists(standard))
        {
            return Wrap($"kubeconfig '{standard}'", () => KubernetesClientConfiguration.BuildConfigFromConfigObject(Load(new FileInfo(standard)), context));
        }

        if (!KubernetesClientConfiguration.IsInCluster())
        {
            throw new KubernetesConnectionException(
                "Kubernetes API: no kubeconfig (--kubeconfig, $KUBECONFIG, ~/.kube/config) and not running in a pod; pass --kubeconfig PATH, or --policies-dir DIR to read manifests instead");
        }

        return Wrap("in-cluster service account", KubernetesClientConfiguration.InClusterConfig);
    }

    // kubectl's merge: for each named cluster, user and context, and for current-context, the first file wins.
    private static K8SConfiguration Merge(FileInfo[] files)
    {
        var configs = files.Select(Load).ToList();
        return new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Clusters = [.. configs.SelectMany(c => c.Clusters ?? []).DistinctBy(c => c.Name)],
            Users = [.. configs.SelectMany(c => c.Users ?? []).DistinctBy(u => u.Name)],
            Contexts = [.. configs.SelectMany(c => c.Contexts ?? []).DistinctBy(c => c.Name)],
        };
    }

    // The client's own reader where it can run; in a native AOT build it cannot (KubeconfigYaml says why).
    private static K8SConfiguration Load(FileInfo file) =>
        RuntimeFeature.IsDynamicCodeSupported ? KubernetesClientConfiguration.LoadKubeConfig(file) : KubeconfigYaml.Load(file);

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
