namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// A connection needs the source's egress and the destination's ingress. Both directions are always evaluated so
/// the attribution is complete even when the first one already denies.
/// </summary>
public sealed record ConnectionVerdict(DirectionVerdict Egress, DirectionVerdict Ingress)
{
    public bool Allowed => Egress.Allowed && Ingress.Allowed;

    public bool SameAttribution(ConnectionVerdict other) =>
        Egress.SameAttribution(other.Egress) && Ingress.SameAttribution(other.Ingress);
}
