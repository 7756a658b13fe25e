using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Hubble.Mapping;

/// <summary>Cilium's fixed reserved identity numbers, for endpoints that arrive without labels.</summary>
internal static class ReservedIdentities
{
    public static EndpointKind? KindOf(uint identity) => identity switch
    {
        1 => EndpointKind.Host,
        2 or 9 or 10 => EndpointKind.World,
        3 => EndpointKind.Unmanaged,
        4 => EndpointKind.Health,
        5 => EndpointKind.Init,
        6 => EndpointKind.RemoteNode,
        7 => EndpointKind.KubeApiServer,
        8 => EndpointKind.Ingress,
        _ => null,
    };
}
