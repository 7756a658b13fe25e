using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Policies;

/// <summary>One peer clause of a rule; a rule matches a peer if any of its clauses does.</summary>
public abstract record Peer
{
    /// <summary>The peer in the words policies are written in (<c>app=backend in namespace production</c>), for reports.</summary>
    public virtual string Display => ToString();
}

/// <summary>
/// Peers by identity labels. NetworkPolicy pod/namespace selectors compile to this with the namespace folded in:
/// <code>
/// from:
/// - namespaceSelector: {matchLabels: {team: a}}
///   podSelector: {matchLabels: {app: web}}   # both in one item: AND
/// </code>
/// becomes <c>app=web, io.cilium.k8s.namespace.labels.team=a, io.kubernetes.pod.namespace</c> (exists).
/// </summary>
public sealed record SelectorPeer(LabelSelector Selector) : Peer
{
    /// <summary>
    /// Whether Cilium scopes this selector to the local cluster when <c>policy-default-local-cluster</c> is on: every
    /// NetworkPolicy pod/namespace peer and every CNP endpoint selector without a reserved or cluster key
    /// (<c>addClusterFilterByDefault</c>). With the option on, such a selector selects pods only, so a selector
    /// without a positive namespace no longer matches world, CIDR or reserved identities.
    /// </summary>
    public bool LocalClusterByDefault { get; init; }

    public override string Display => SelectorText.Of(Selector);

    public override string ToString() => Selector.ToString();
}

/// <summary>
/// Addresses by CIDR minus exceptions (<c>ipBlock</c>, <c>fromCIDR</c>, <c>fromCIDRSet</c>). Following Cilium, it does
/// not match pod identities unless the evaluation option <c>IpBlockMatchesPods</c> is set.
/// </summary>
public sealed record CidrPeer(CidrBlock Block) : Peer
{
    public override string ToString() => Block.ToString();
}

/// <summary>Cilium entities (<c>fromEntities: [world, host]</c>).</summary>
public sealed record EntityPeer(EntitySet Entities, IReadOnlyList<string> Names) : Peer
{
    public override string ToString() => string.Join(',', Names);
}

/// <summary>DNS names (<c>toFQDNs: [{matchName: api.example.com}, {matchPattern: "*.example.com"}]</c>).</summary>
public sealed record FqdnPeer(string? MatchName, string? MatchPattern) : Peer
{
    public override string ToString() => MatchName ?? MatchPattern ?? string.Empty;
}

/// <summary>
/// Kubernetes services (<c>toServices: [{k8sService: {serviceName: db, namespace: prod}}]</c>), matched against the
/// service Hubble reports for the flow's destination.
/// </summary>
public sealed record ServicePeer(string? ServiceName, string? ServiceNamespace, LabelSelector? Selector) : Peer
{
    public override string ToString() => Selector is null ? $"{ServiceNamespace}/{ServiceName}" : $"service({Selector})";
}
