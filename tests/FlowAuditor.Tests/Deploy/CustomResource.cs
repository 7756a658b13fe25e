using k8s;
using k8s.Models;

namespace FlowAuditor.Tests.Deploy;

/// <summary>A custom resource (ServiceMonitor, PrometheusRule, CiliumNetworkPolicy, cert-manager's kinds) with an untyped spec.</summary>
internal sealed class CustomResource : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public object? Spec { get; set; }
}
