namespace FlowAuditor.Core.Policies;

/// <summary>Direction from the subject endpoint's point of view.</summary>
public enum TrafficDirection
{
    Ingress,
    Egress,
}
