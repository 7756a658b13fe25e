using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Attribution;

/// <summary>
/// A flow explained: the direction and subject (the local endpoint: destination for ingress, source for egress),
/// our verdict with its attribution, how it relates to Hubble's, and, when they disagree, the likely causes.
/// </summary>
public sealed record FlowAttribution(
    AttributionOutcome Outcome,
    TrafficDirection Direction,
    Endpoint Subject,
    Endpoint Peer,
    DirectionVerdict Verdict)
{
    /// <summary>Possible reasons for an Unexplained or NotEnforced outcome, most specific first. Never a verdict.</summary>
    public IReadOnlyList<string> LikelyCauses { get; init; } = [];

    /// <summary>Cross-checks against Hubble's own <c>*_denied_by</c>/<c>*_allowed_by</c>.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Not reported by Hubble but implied: the destination's ingress would deny a pod-to-pod connection that its
    /// source's egress already dropped (the packet never reached it).
    /// </summary>
    public bool Predicted { get; init; }

    /// <summary>Revision of the policy snapshot this attribution was made against.</summary>
    public long PolicyRevision { get; init; }

    public bool FixableByAllow => Outcome == AttributionOutcome.DefaultDeny;
}
