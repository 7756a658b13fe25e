using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Cli;

/// <summary>
/// Resolves the endpoints <c>explain</c> accepts: <c>ns/pod</c> (a pod name as Hubble shows it resolves to its workload when the manifests define only that, see <see cref="PodNames"/>), <c>ns/name[Kind]</c> (a workload, through its first
/// pod), an IP address (the pod with that address if the manifests give one, else an external address), an entity
/// (<c>world</c>, <c>host</c>, <c>remote-node</c>, <c>kube-apiserver</c>, ...), or a Cilium label set in braces
/// (<c>{k8s:app=x,k8s:io.kubernetes.pod.namespace=y}</c>, what <c>--from-labels</c> builds), as Hubble reports identities.
/// </summary>
internal static partial class ExplainEndpoints
{
    public static bool TryResolve(ClusterModel cluster, string text, [NotNullWhen(true)] out AnalysisPeer? peer, [NotNullWhen(false)] out string? error)
    {
        peer = null;
        error = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}'))
        {
            return TryLabels(trimmed[1..^1], trimmed, out peer, out error);
        }

        if (EntityKinds.TryGetValue(trimmed, out var entity))
        {
            peer = new AnalysisPeer(trimmed, Endpoint.ForEntity(entity));
            return true;
        }

        if (IPAddress.TryParse(trimmed, out var address))
        {
            var pod = cluster.Pods.FirstOrDefault(p => address.Equals(p.Address));
            peer = pod is not null ? new AnalysisPeer(NameOf(pod), pod) : new AnalysisPeer($"{address}[External]", Endpoint.External(address));
            return true;
        }

        if (WorkloadSyntax().Match(trimmed) is { Success: true } workload)
        {
            var ns = workload.Groups["ns"].Value;
            var name = workload.Groups["name"].Value;
            var kind = workload.Groups["kind"].Value;
            var pod = cluster.Pods.FirstOrDefault(p => p.Workload is { } w && w.Namespace == ns && w.Name == name
                && string.Equals(w.Kind, kind, StringComparison.OrdinalIgnoreCase));
            if (pod is null)
            {
                error = $"unknown endpoint '{text}': the manifests define no workload {ns}/{name} of kind {kind}";
                return false;
            }

            peer = new AnalysisPeer(NameOf(pod), pod);
            return true;
        }

        if (PodSyntax().Match(trimmed) is { Success: true } podName)
        {
            var ns = podName.Groups["ns"].Value;
            var name = podName.Groups["name"].Value;

            // A workload manifest yields no named pod; its name alone is accepted when it is unambiguous.
            var pod = cluster.FindPod(ns, name);
            var byWorkload = cluster.Pods.Where(p => p.Workload is { } w && w.Namespace == ns && w.Name == name).Select(p => p.Workload).Distinct().ToList();
            if (pod is null && byWorkload.Count == 1)
            {
                pod = cluster.Pods.First(p => byWorkload[0]!.Equals(p.Workload));
            }

            // A pod name as Hubble shows it (monitoring/prometheus-k8s-0) when the manifests define only its workload.
            if (pod is null && byWorkload.Count == 0 && PodNames.WorkloadOf(cluster, ns, name) is { } owner)
            {
                pod = cluster.Pods.First(p => owner.Equals(p.Workload));
            }

            if (pod is null)
            {
                error = byWorkload.Count > 1
                    ? $"ambiguous endpoint '{text}': several workloads are named {ns}/{name}; add the kind, e.g. {byWorkload[0]}"
                    : $"unknown endpoint '{text}': the manifests define no pod or workload {ns}/{name}";
                return false;
            }

            peer = new AnalysisPeer(NameOf(pod), pod);
            return true;
        }

        error = $"invalid endpoint '{text}': expected ns/pod, ns/name[Kind], an IP address, an entity ({string.Join(", ", EntityKinds.Keys)}) or a label set {{k8s:app=x,...}}";
        return false;
    }

    // Every non-pod kind, by the reserved label name Cilium and Hubble use for it.
    private static readonly Dictionary<string, EndpointKind> EntityKinds = Enum.GetValues<EndpointKind>()
        .Where(kind => kind != EndpointKind.Pod)
        .ToDictionary(Entities.ReservedName, StringComparer.Ordinal);

    // A label set is an identity as Hubble reports it; a pod unless it carries reserved labels.
    private static bool TryLabels(string list, string display, [NotNullWhen(true)] out AnalysisPeer? peer, [NotNullWhen(false)] out string? error)
    {
        var items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.Any(i => i.StartsWith('=') || i.Contains(' ', StringComparison.Ordinal)))
        {
            peer = null;
            error = $"invalid label set '{display}': expected source:key=value pairs separated by commas";
            return false;
        }

        var labels = LabelSet.Parse(items);
        var kind = Endpoint.KindOf(labels);
        labels.TryGetValue(LabelSources.K8s, LabelSources.PodNamespaceKey, out var ns);
        peer = new AnalysisPeer(display, new Endpoint(kind, labels) { Namespace = string.IsNullOrEmpty(ns) ? null : ns, Name = display });
        error = null;
        return true;
    }

    private static string NameOf(Endpoint pod) => pod.Workload?.ToString() ?? $"{pod.Namespace}/{pod.Name}[Pod]";

    [GeneratedRegex(@"^(?<ns>[^/\s\[\]]+)/(?<name>[^/\s\[\]]+)\[(?<kind>[A-Za-z]+)\]$")]
    private static partial Regex WorkloadSyntax();

    [GeneratedRegex(@"^(?<ns>[^/\s\[\]]+)/(?<name>[^/\s\[\]]+)$")]
    private static partial Regex PodSyntax();
}
