using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Core.Policies;

/// <summary>
/// What a policy looked like as written, where the engine form has lost it: whether <c>policyTypes</c> was given and
/// which rules it dropped. Lint rules read it; evaluation never does.
/// </summary>
/// <param name="Location">The spec (<c>spec</c>, or <c>specs[i]</c> of a multi-spec Cilium policy).</param>
/// <param name="Subject">The subject selector (<c>spec.podSelector</c>, <c>spec.endpointSelector</c>, <c>spec.nodeSelector</c>).</param>
public sealed record PolicySource(SourceLocation Location, SourceLocation Subject)
{
    /// <summary>The <c>policyTypes</c> written (NetworkPolicy), or null when the field is omitted or the kind has none.</summary>
    public IReadOnlyList<TrafficDirection>? PolicyTypes { get; init; }

    /// <summary>Where <c>spec.ingress</c> is written, when it holds rules (kept even when <c>policyTypes</c> ignores them).</summary>
    public SourceLocation? IngressRules { get; init; }

    /// <summary>Where <c>spec.egress</c> is written, when it holds rules.</summary>
    public SourceLocation? EgressRules { get; init; }

    public SourceLocation? RulesOf(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressRules : EgressRules;
}
