using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;

namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>Starts a real replay server on loopback and reads from it with the real client.</summary>
internal static class ReplayHarness
{
    /// <summary>Failure guard only; tests never wait for it on success.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static async Task<ReplayServer> StartAsync(IEnumerable<GetFlowsResponse> records, ReplayServerOptions? options = null, TimeProvider? time = null)
    {
        var server = new ReplayServer(options ?? new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true }, records, time);
        await server.StartAsync();
        return server;
    }

    /// <summary>Everything a non-follow request returns, through <see cref="HubbleClient"/>.</summary>
    public static async Task<List<HubbleEvent>> ReadAllAsync(HubbleClientOptions options)
    {
        options.Follow = false;
        options.MaxConsecutiveFailures ??= 1;
        using var client = new HubbleClient(options);
        using var guard = new CancellationTokenSource(Guard);
        var events = new List<HubbleEvent>();
        await foreach (var item in client.ReadEventsAsync(guard.Token))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>Every response of one GetFlows call, asked with the raw generated client (no client-side logic).</summary>
    public static async Task<List<GetFlowsResponse>> GetFlowsAsync(string address, GetFlowsRequest request)
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://" + address);
        using var guard = new CancellationTokenSource(Guard);
        using var call = new Observer.ObserverClient(channel).GetFlows(request, cancellationToken: guard.Token);
        var responses = new List<GetFlowsResponse>();
        while (await call.ResponseStream.MoveNext(guard.Token))
        {
            responses.Add(call.ResponseStream.Current);
        }

        return responses;
    }

    /// <summary>The flows of one GetFlows call.</summary>
    public static async Task<List<Flow>> GetFlowMessagesAsync(string address, GetFlowsRequest request) =>
        [.. (await GetFlowsAsync(address, request)).Where(r => r.Flow is not null).Select(r => r.Flow)];

    public static List<Flow> Flows(this IEnumerable<HubbleEvent> events) => [.. events.OfType<FlowEvent>().Select(e => e.Flow)];

    /// <summary>Waits (up to the guard) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (!condition())
        {
            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
