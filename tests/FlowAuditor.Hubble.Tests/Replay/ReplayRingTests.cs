using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>The replay server's ring buffer: what ServerStatus reports and what a lapped follower receives.</summary>
public sealed class ReplayRingTests
{
    private static List<GetFlowsResponse> Capture(int count) =>
        AgentFlows.Records(Enumerable.Range(0, count).Select(i => AgentFlows.Tcp($"f{i}", "10.0.0.1", (uint)(40000 + i), "10.0.0.2", 80)));

    [Fact]
    public async Task A_capture_larger_than_the_ring_keeps_only_the_newest_ring_size_flows()
    {
        await using var server = await ReplayHarness.StartAsync(Capture(20), new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, RingSize = 7 });
        using var channel = GrpcChannel.ForAddress("http://" + server.Address);
        var observer = new Observer.ObserverClient(channel);

        var status = await observer.ServerStatusAsync(new ServerStatusRequest());
        var nodes = await observer.GetNodesAsync(new GetNodesRequest());
        var all = await ReplayHarness.GetFlowMessagesAsync(server.Address!, new GetFlowsRequest());

        Assert.Equal(7ul, status.MaxFlows);
        Assert.Equal(7ul, status.NumFlows);
        Assert.Equal(20ul, status.SeenFlows);
        Assert.Equal((7ul, 7ul), (nodes.Nodes.Single().NumFlows, nodes.Nodes.Single().MaxFlows));
        Assert.Equal(Enumerable.Range(13, 7).Select(i => $"f{i}"), all.Select(f => f.Uuid));
    }

    [Fact]
    public async Task The_default_ring_is_the_agents_largest_and_num_flows_never_passes_it()
    {
        await using var server = await ReplayHarness.StartAsync(Capture(3), new ReplayServerOptions { Listen = "127.0.0.1:0", ManualRelease = true });
        using var channel = GrpcChannel.ForAddress("http://" + server.Address);
        var observer = new Observer.ObserverClient(channel);
        server.Release(2);

        var status = await observer.ServerStatusAsync(new ServerStatusRequest());

        Assert.Equal(65_535ul, status.MaxFlows);
        Assert.Equal(2ul, status.NumFlows);
        Assert.Equal(2ul, status.SeenFlows);
    }

    [Fact]
    public async Task A_follower_the_ring_laps_gets_one_lost_event_counting_what_it_missed_then_the_oldest_flows_left()
    {
        await using var server = await ReplayHarness.StartAsync(Capture(30), new ReplayServerOptions
        {
            Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, ManualRelease = true, RingSize = 7, NodeName = "node-a",
        });
        using var channel = GrpcChannel.ForAddress("http://" + server.Address);
        using var guard = new CancellationTokenSource(ReplayHarness.Guard);
        server.Release(3);
        using var call = new Observer.ObserverClient(channel).GetFlows(
            new GetFlowsRequest { Follow = true, Since = Timestamp.FromDateTimeOffset(AgentFlows.Start) }, cancellationToken: guard.Token);

        var first = await NextAsync(call, 4, guard.Token);
        // The follower waits at flow 3; 20 more flows arrive at once into a ring of 7, overwriting 13 it never read.
        server.Release(20);
        var after = await NextAsync(call, 8, guard.Token);

        Assert.Equal(NodeState.NodeConnected, first[0].NodeStatus.StateChange);
        Assert.Equal(["f0", "f1", "f2"], first.Skip(1).Select(r => r.Flow.Uuid));
        var lost = after[0].LostEvents;
        Assert.Equal(LostEventSource.HubbleRingBuffer, lost.Source);
        Assert.Equal(13ul, lost.NumEventsLost);
        Assert.Equal("node-a", after[0].NodeName);
        Assert.Equal(Enumerable.Range(16, 7).Select(i => $"f{i}"), after.Skip(1).Select(r => r.Flow.Uuid));

        var status = await new Observer.ObserverClient(channel).ServerStatusAsync(new ServerStatusRequest());
        Assert.Equal(7ul, status.NumFlows);
        Assert.Equal(23ul, status.SeenFlows);
    }

    private static async Task<List<GetFlowsResponse>> NextAsync(Grpc.Core.AsyncServerStreamingCall<GetFlowsResponse> call, int count, CancellationToken cancellationToken)
    {
        var read = new List<GetFlowsResponse>();
        while (read.Count < count && await call.ResponseStream.MoveNext(cancellationToken))
        {
            read.Add(call.ResponseStream.Current);
        }

        return read;
    }
}
