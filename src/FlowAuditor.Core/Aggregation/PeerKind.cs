namespace FlowAuditor.Core.Aggregation;

/// <summary>How the peer of denied traffic is identified.</summary>
public enum PeerKind
{
    Workload,
    Pod,
    Entity,
    Cidr,
    Fqdn,
}
