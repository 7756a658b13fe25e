using FlowAuditor.Hubble.Api;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Hubble.Replay;

/// <summary>`observer.Observer` answering from the replay feed.</summary>
internal sealed class ReplayObserverService(ReplayContext replay, IHostApplicationLifetime lifetime, ILogger<ReplayObserverService> logger)
    : ReplayObserverBase
{
    public override async Task GetFlows(GetFlowsRequest request, IServerStreamWriter<ReplayFrame> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ReplayLog.GetFlows(logger, request.Follow, request.Number, request.First, request.Since?.ToString() ?? "-");
        if (request.First && request.Follow)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "first cannot be specified with follow"));
        }

        var matcher = FlowFilterMatcher.Create(request, out var error)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, error!));
        var mask = replay.Options.IgnoreFieldMask ? null : FlowMask.Create(request.FieldMask, out error, replay.Options.UnknownFlowFields);
        if (error is not null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, error));
        }

        await context.WriteResponseHeadersAsync(new Metadata { { "hubble-relay-version", ReplayServer.Version } }).ConfigureAwait(false);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var streamer = new ReplayStreamer(replay.Feed, request, matcher, mask, responseStream, context, replay.NodeName, replay.NowNanos);
        replay.StreamOpened();
        try
        {
            await streamer.RunAsync(replay.Options.EmitNodeStatus ? replay.NodeStatus : null, replay.NowNanos(), stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // Like an agent shutting down: the stream ends with an error the client retries.
            throw new RpcException(new Status(StatusCode.Unavailable, "replay server is stopping"));
        }
        finally
        {
            replay.StreamClosed();
            replay.Served(streamer.FlowsSent);
            ReplayLog.StreamEnded(logger, streamer.FlowsSent);
        }
    }

    public override Task<ServerStatusResponse> ServerStatus(ServerStatusRequest request, ServerCallContext context) =>
        Task.FromResult(replay.Status());

    public override Task<GetNodesResponse> GetNodes(GetNodesRequest request, ServerCallContext context) =>
        Task.FromResult(replay.Nodes());

    public override Task<GetNamespacesResponse> GetNamespaces(GetNamespacesRequest request, ServerCallContext context) =>
        Task.FromResult(replay.Namespaces());
}
