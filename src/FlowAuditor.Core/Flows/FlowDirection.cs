namespace FlowAuditor.Core.Flows;

/// <summary>Hubble's <c>traffic_direction</c>.</summary>
public enum FlowDirection
{
    Unknown = 0,
    Ingress = 1,
    Egress = 2,
}
