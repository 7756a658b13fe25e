using k8s;
using k8s.Models;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// Every manifest under deploy/kubernetes, loaded with KubernetesClient's typed models in strict mode (an unknown or
/// misspelt field fails), custom resources with an untyped spec. Kustomization files are read by <see cref="Kustomization"/>.
/// </summary>
internal static class DeployManifests
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/DaemonSet"] = typeof(V1DaemonSet),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["scheduling.k8s.io/v1/PriorityClass"] = typeof(V1PriorityClass),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(CustomResource),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(CustomResource),
        ["cilium.io/v2/CiliumNetworkPolicy"] = typeof(CustomResource),
        ["cert-manager.io/v1/Issuer"] = typeof(CustomResource),
        ["cert-manager.io/v1/Certificate"] = typeof(CustomResource),
    };

    public static bool IsKustomization(string path) => Path.GetFileName(path) == "kustomization.yaml";

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(DeployFiles.Kubernetes, "*.yaml", SearchOption.AllDirectories).Where(f => !IsKustomization(f)).Order(StringComparer.Ordinal);

    public static IReadOnlyList<object> Load(string path)
    {
        try
        {
            return KubernetesYaml.LoadAllFromString(File.ReadAllText(path), Types, strict: true);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            Assert.Fail($"{Path.GetRelativePath(DeployFiles.Root, path)}: {ex.Message} {ex.InnerException?.Message}");
            throw;
        }
    }
}
