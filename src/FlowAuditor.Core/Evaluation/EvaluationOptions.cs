using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// The Cilium agent options and code paths that change verdicts, and the choices Kubernetes leaves to the network
/// plugin. <see cref="ForVersion"/> gives a version's defaults; each option can then be overridden (with <c>with</c>),
/// as an operator overrides the agent's defaults in the <c>cilium-config</c> ConfigMap.
/// </summary>
public sealed record EvaluationOptions
{
    /// <summary>The defaults of <see cref="CiliumVersion.Default"/>.</summary>
    public static readonly EvaluationOptions Cilium = ForVersion(CiliumVersion.Default);

    /// <summary>The version whose code paths are modelled (already mapped to the nearest modelled one).</summary>
    public CiliumVersion Version { get; init; } = CiliumVersion.Default;

    /// <summary>
    /// Whether <c>ipBlock</c>/CIDR peers also match pods whose IP falls in the block. Cilium: no (pods are matched by
    /// identity, never through CIDR rules). The upstream Kubernetes e2e suite expects yes
    /// (<c>--ipblock-matches-pods</c>).
    /// </summary>
    public bool IpBlockMatchesPods { get; init; }

    /// <summary>The agent's <c>allow-localhost</c> (Kubernetes mode: always).</summary>
    public AllowLocalhost AllowLocalhost { get; init; } = AllowLocalhost.Always;

    /// <summary>
    /// The agent's <c>policy-default-local-cluster</c> (default on since 1.19, 742d3cc): peer selectors that do not
    /// name a cluster select only the local cluster's pods, so a selector without a positive namespace (a NetworkPolicy
    /// <c>namespaceSelector</c> of only NotIn/DoesNotExist, a CNP <c>k8s:io.kubernetes.pod.namespace NotIn</c>) no
    /// longer matches world, CIDR or reserved identities (<c>pkg/k8s/apis/cilium.io/utils/utils.go</c>
    /// <c>addClusterFilterByDefault</c>; <c>pkg/k8s/network_policy.go</c> <c>parseNetworkPolicyPeer</c>).
    /// </summary>
    public bool PolicyDefaultLocalCluster { get; init; } = DefaultLocalClusterOn(CiliumVersion.Default);

    /// <summary>How egress named ports resolve (by version: cluster-wide up to 1.19, per destination from 1.20).</summary>
    public EgressNamedPorts EgressNamedPorts { get; init; } = NamedPortsOf(CiliumVersion.Default);

    /// <summary>The agent's identity label filter (<c>labels</c> option); labels it drops never select.</summary>
    public LabelFilter LabelFilter { get; init; } = LabelFilter.Default;

    /// <summary>The defaults of <paramref name="version"/> (mapped to the nearest modelled version).</summary>
    public static EvaluationOptions ForVersion(CiliumVersion version)
    {
        var modelled = version.Nearest();
        return new EvaluationOptions
        {
            Version = modelled,
            PolicyDefaultLocalCluster = DefaultLocalClusterOn(modelled),
            EgressNamedPorts = NamedPortsOf(modelled),
        };
    }

    /// <summary>One line naming every option, for logs and reports.</summary>
    public string Describe() =>
        $"cilium {Version}: allow-localhost={(AllowLocalhost == AllowLocalhost.Always ? "always" : "policy")}, "
        + $"policy-default-local-cluster={(PolicyDefaultLocalCluster ? "true" : "false")}, "
        + $"egress named ports {(EgressNamedPorts == EgressNamedPorts.ClusterWide ? "cluster-wide" : "per destination")}, "
        + $"labels {LabelFilter}{(IpBlockMatchesPods ? ", ipBlock matches pods" : string.Empty)}";

    private static bool DefaultLocalClusterOn(CiliumVersion version) => version >= CiliumVersion.V1_19;

    private static EgressNamedPorts NamedPortsOf(CiliumVersion version) =>
        version >= CiliumVersion.V1_20 ? EgressNamedPorts.PerDestination : EgressNamedPorts.ClusterWide;
}
