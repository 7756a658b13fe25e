using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Aggregation;

/// <summary>
/// Names the workload of a pod endpoint for grouping: its controller workload when Hubble or the manifests know it,
/// otherwise its stable labels, otherwise the pod name.
/// </summary>
public static class WorkloadIdentity
{
    public static string Of(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Workload is { } workload)
        {
            return workload.ToString();
        }

        var stable = StableLabels.Of(endpoint.Labels);
        if (stable.Count > 0)
        {
            return $"{endpoint.Namespace}/{{{string.Join(',', stable.Select(kv => $"{kv.Key}={kv.Value}"))}}}";
        }

        return $"{endpoint.Namespace}/{endpoint.Name}[Pod]";
    }

    /// <summary>The bare workload name, used to name suggested policies.</summary>
    public static string NameOf(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Workload is { } workload)
        {
            return workload.Name;
        }

        var stable = StableLabels.Of(endpoint.Labels);
        foreach (var key in (string[])["app.kubernetes.io/name", "app", "k8s-app", "name"])
        {
            if (stable.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return stable.Count > 0 ? string.Join('-', stable.Values) : endpoint.Name ?? "unknown";
    }
}
