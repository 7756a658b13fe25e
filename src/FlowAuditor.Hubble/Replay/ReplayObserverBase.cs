using FlowAuditor.Hubble.Api;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// `observer.Observer` bound by hand (not via the generated base) so GetFlows can send pre-encoded
/// <see cref="ReplayFrame"/>s; the method names and message types on the wire are the generated ones.
/// Grpc.AspNetCore binds to virtual methods declared on the type named in <see cref="BindServiceMethodAttribute"/>.
/// </summary>
[BindServiceMethod(typeof(ReplayObserverBase), nameof(BindService))]
internal abstract class ReplayObserverBase
{
    private const string ServiceName = "observer.Observer";

    private static readonly Method<GetFlowsRequest, ReplayFrame> GetFlowsMethod =
        new(MethodType.ServerStreaming, ServiceName, "GetFlows", ProtoMarshaller.For(GetFlowsRequest.Parser), ReplayFrame.Marshaller);

    private static readonly Method<ServerStatusRequest, ServerStatusResponse> ServerStatusMethod =
        new(MethodType.Unary, ServiceName, "ServerStatus", ProtoMarshaller.For(ServerStatusRequest.Parser), ProtoMarshaller.For(ServerStatusResponse.Parser));

    private static readonly Method<GetNodesRequest, GetNodesResponse> GetNodesMethod =
        new(MethodType.Unary, ServiceName, "GetNodes", ProtoMarshaller.For(GetNodesRequest.Parser), ProtoMarshaller.For(GetNodesResponse.Parser));

    private static readonly Method<GetNamespacesRequest, GetNamespacesResponse> GetNamespacesMethod =
        new(MethodType.Unary, ServiceName, "GetNamespaces", ProtoMarshaller.For(GetNamespacesRequest.Parser), ProtoMarshaller.For(GetNamespacesResponse.Parser));

    public static void BindService(ServiceBinderBase binder, ReplayObserverBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(GetFlowsMethod, service is null ? null : service.GetFlows);
        binder.AddMethod(ServerStatusMethod, service is null ? null : service.ServerStatus);
        binder.AddMethod(GetNodesMethod, service is null ? null : service.GetNodes);
        binder.AddMethod(GetNamespacesMethod, service is null ? null : service.GetNamespaces);
    }

    public abstract Task GetFlows(GetFlowsRequest request, IServerStreamWriter<ReplayFrame> responseStream, ServerCallContext context);

    public abstract Task<ServerStatusResponse> ServerStatus(ServerStatusRequest request, ServerCallContext context);

    public abstract Task<GetNodesResponse> GetNodes(GetNodesRequest request, ServerCallContext context);

    public abstract Task<GetNamespacesResponse> GetNamespaces(GetNamespacesRequest request, ServerCallContext context);
}
