using FlowAuditor.Hubble.Api.Peer;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// `peer.Peer/Notify` as an agent serves it (pkg/hubble/peer/service.go, handler.go): PEER_ADDED for every known
/// node first, this server and then each configured peer, and the stream then stays open for changes, of which a
/// replay has none. hubble-relay keeps this stream open and dials each announced address.
/// </summary>
internal sealed class ReplayPeerService(ReplayContext replay, IHostApplicationLifetime lifetime) : Peer.PeerBase
{
    public override async Task Notify(NotifyRequest request, IServerStreamWriter<ChangeNotification> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var peer in replay.Peers())
        {
            await responseStream.WriteAsync(peer, context.CancellationToken).ConfigureAwait(false);
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            // Shutting down: end the stream as an agent would, and relay reconnects.
            throw new RpcException(new Status(StatusCode.Unavailable, "replay server is stopping"));
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
