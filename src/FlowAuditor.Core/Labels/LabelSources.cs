namespace FlowAuditor.Core.Labels;

/// <summary>Cilium label sources and the well-known keys FlowAuditor reads or writes.</summary>
public static class LabelSources
{
    public const string K8s = "k8s";
    public const string Reserved = "reserved";
    public const string Any = "any";
    public const string Cidr = "cidr";
    public const string Fqdn = "fqdn";
    public const string Container = "container";
    public const string Unspec = "unspec";

    /// <summary>The pod's namespace, as Cilium labels every pod identity.</summary>
    public const string PodNamespaceKey = "io.kubernetes.pod.namespace";

    /// <summary>Prefix of namespace labels copied onto pod identities.</summary>
    public const string NamespaceLabelPrefix = "io.cilium.k8s.namespace.labels.";

    public const string ServiceAccountKey = "io.cilium.k8s.policy.serviceaccount";
    public const string ClusterKey = "io.cilium.k8s.policy.cluster";

    /// <summary>The automatic namespace-name label (Kubernetes 1.21+).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";
}
