namespace FlowAuditor.Core.Endpoints;

/// <summary>What an endpoint is, as Cilium's reserved identities classify it.</summary>
public enum EndpointKind
{
    Pod,
    World,
    Host,
    RemoteNode,
    KubeApiServer,
    Health,
    Init,
    Ingress,
    Unmanaged,
}
