using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Policies;

/// <summary>
/// A policy (one spec of it, for a CiliumNetworkPolicy with <c>specs</c>) in engine form: whom it selects, whether it
/// isolates each direction, and its rules. Loaders translate NetworkPolicy, CNP and CCNP into this one shape, as
/// Cilium itself does.
/// </summary>
public sealed class Policy
{
    public Policy(PolicyRef reference, LabelSelector subject)
    {
        Ref = reference;
        Subject = subject;
    }

    public PolicyRef Ref { get; }

    /// <summary>1-based spec index when the object has several specs; null for a single spec.</summary>
    public int? SpecIndex { get; init; }

    /// <summary>Selects the endpoints the policy applies to (namespace already folded in for namespaced kinds).</summary>
    public LabelSelector Subject { get; }

    /// <summary>
    /// Whether selecting an endpoint makes its ingress default-deny. NetworkPolicy: <c>policyTypes</c> contains
    /// Ingress (implicitly always). Cilium: an ingress or ingressDeny section, unless
    /// <c>enableDefaultDeny.ingress: false</c>.
    /// </summary>
    public bool IsolatesIngress { get; init; }

    public bool IsolatesEgress { get; init; }

    public IReadOnlyList<PolicyRule> Ingress { get; init; } = [];

    public IReadOnlyList<PolicyRule> Egress { get; init; } = [];

    public IReadOnlyList<PolicyRule> IngressDeny { get; init; } = [];

    public IReadOnlyList<PolicyRule> EgressDeny { get; init; } = [];

    /// <summary>Set when the policy is loaded but cannot be evaluated (e.g. a host policy with nodeSelector).</summary>
    public string? NotEvaluatedReason { get; init; }

    /// <summary>The policy as written, for lint; null for policies not loaded from manifests (suggestions).</summary>
    public PolicySource? Source { get; init; }

    public bool Isolates(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? IsolatesIngress : IsolatesEgress;

    public IReadOnlyList<PolicyRule> Allows(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? Ingress : Egress;

    public IReadOnlyList<PolicyRule> Denies(TrafficDirection direction) =>
        direction == TrafficDirection.Ingress ? IngressDeny : EgressDeny;

    /// <summary>Whether the policy has anything to say about this direction.</summary>
    public bool Concerns(TrafficDirection direction) =>
        Isolates(direction) || Allows(direction).Count > 0 || Denies(direction).Count > 0;

    public override string ToString() => SpecIndex is null ? Ref.ToString() : $"{Ref} spec #{SpecIndex}";
}
