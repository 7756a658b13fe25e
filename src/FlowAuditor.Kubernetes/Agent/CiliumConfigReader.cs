using System.Net;
using FlowAuditor.Core.Evaluation;
using k8s;
using k8s.Autorest;

namespace FlowAuditor.Kubernetes.Agent;

/// <summary>
/// Reads the agent options from the <c>cilium-config</c> ConfigMap in <c>kube-system</c> (what the Helm chart and
/// <c>cilium config set</c> write; keys are the agent's flag names: <c>allow-localhost</c>,
/// <c>policy-default-local-cluster</c>, <c>labels</c>). Needs <c>get</c> on that one ConfigMap only
/// (deploy/kubernetes/rbac.yaml). A missing object or a denied request is not an error: the version's defaults apply.
/// </summary>
public static class CiliumConfigReader
{
    public const string Namespace = "kube-system";
    public const string Name = "cilium-config";

    public static async Task<CiliumConfig> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var where = $"ConfigMap {Namespace}/{Name}";
        try
        {
            var map = await client.CoreV1.ReadNamespacedConfigMapAsync(Name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            var data = map.Data ?? new Dictionary<string, string>();
            var problems = new List<string>();
            var options = AgentOverrides.Parse(Value(data, "allow-localhost"), Value(data, "policy-default-local-cluster"), Value(data, "labels"), problems);
            return new CiliumConfig(true, options, where, [.. problems.Select(p => $"{where}: {p}")]);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return CiliumConfig.NotRead($"{where} not found");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return CiliumConfig.NotRead($"{where} not readable ({(int)e.Response.StatusCode}; RBAC needs get on it)");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return CiliumConfig.NotRead($"{where} not read: {e.Message}");
        }
    }

    private static string? Value(IDictionary<string, string> data, string key) => data.TryGetValue(key, out var value) ? value : null;
}
