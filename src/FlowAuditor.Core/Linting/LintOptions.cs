namespace FlowAuditor.Core.Linting;

/// <summary>What lint needs beyond the manifests: where the cluster DNS runs.</summary>
public sealed record LintOptions
{
    public static readonly LintOptions Default = new();

    /// <summary>Namespace of the cluster DNS pods.</summary>
    public string DnsNamespace { get; init; } = "kube-system";

    /// <summary>Labels of the cluster DNS pods (kube-dns and CoreDNS both carry <c>k8s-app=kube-dns</c>).</summary>
    public IReadOnlyDictionary<string, string> DnsLabels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["k8s-app"] = "kube-dns" };

    /// <summary>The DNS selector as a user writes it: <c>k8s-app=kube-dns in namespace kube-system</c>.</summary>
    public string DnsDisplay => $"{string.Join(',', DnsLabels.Select(kv => $"{kv.Key}={kv.Value}"))} in namespace {DnsNamespace}";
}
