using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Linting;

/// <summary>How findings name pods and write the selectors their fixes propose.</summary>
internal static class LintText
{
    /// <summary>Workloads (or pods) in order, each once: <c>production/frontend[Deployment], production/backend[Deployment]</c>.</summary>
    public static string Pods(IEnumerable<Endpoint> pods) => string.Join(", ", pods.Select(p => p.ToString()).Distinct(StringComparer.Ordinal));

    /// <summary>The labels a user gave the pod (no namespace or service-account identity labels): <c>app=backend,tier=api</c>.</summary>
    public static string OwnLabels(Endpoint pod) =>
        string.Join(',', pod.Labels
            .Where(l => l.Source == LabelSources.K8s && !l.Key.StartsWith("io.kubernetes.", StringComparison.Ordinal) && !l.Key.StartsWith("io.cilium.", StringComparison.Ordinal))
            .Select(l => $"{l.Key}={l.Value}"));

    /// <summary>A selector for the pod as a user would write it: <c>app=backend,tier=api in namespace production</c>.</summary>
    public static string Selector(Endpoint pod) => $"{OwnLabels(pod)} in namespace {pod.Namespace}";

    /// <summary>The namespace-wide DNS policy the article recommends, in one line.</summary>
    public static string DnsPolicy(LintOptions options) =>
        $"podSelector: {{}} with egress to namespaceSelector kubernetes.io/metadata.name={options.DnsNamespace} and podSelector {string.Join(',', options.DnsLabels.Select(kv => $"{kv.Key}={kv.Value}"))} on UDP 53 and TCP 53";
}
