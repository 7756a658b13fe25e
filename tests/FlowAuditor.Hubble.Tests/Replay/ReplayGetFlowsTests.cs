using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>GetFlows semantics of the replay server, asked through the real client over loopback.</summary>
public sealed class ReplayGetFlowsTests
{
    private static async Task<(ReplayServer Server, List<GetFlowsResponse> Records)> StartAsync(ReplayServerOptions? options = null, TimeProvider? time = null)
    {
        var records = await SyntheticFlows.CreateAsync(100);
        options ??= new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true };
        return (await ReplayHarness.StartAsync(records, options, time), records);
    }

    [Fact]
    public async Task Number_returns_the_last_n_flows_and_first_the_first_n()
    {
        var (server, records) = await StartAsync();
        await using var _ = server;

        var last = (await ReplayHarness.ReadAllAsync(new HubbleClientOptions { Address = server.Address!, Number = 7 })).Flows();
        var first = (await ReplayHarness.ReadAllAsync(new HubbleClientOptions { Address = server.Address!, Number = 5, First = true })).Flows();

        Assert.Equal(records.TakeLast(7).Select(r => r.Flow), last);
        Assert.Equal(records.Take(5).Select(r => r.Flow), first);
    }

    [Fact]
    public async Task Since_is_inclusive_and_until_stops_after_the_last_flow_not_later_than_it()
    {
        var (server, records) = await StartAsync();
        await using var _ = server;

        var flows = (await ReplayHarness.ReadAllAsync(new HubbleClientOptions
        {
            Address = server.Address!,
            Since = SyntheticFlows.Start.AddMilliseconds(10),
            Until = SyntheticFlows.Start.AddMilliseconds(19),
        })).Flows();

        Assert.Equal(records.Skip(10).Take(10).Select(r => r.Flow), flows);
    }

    [Fact]
    public async Task Verdict_and_event_type_whitelists_and_a_namespace_blacklist_are_honoured()
    {
        var (server, records) = await StartAsync();
        await using var _ = server;
        var options = new HubbleClientOptions { Address = server.Address!, Verdicts = { Verdict.Forwarded }, EventTypes = { 4 } };
        options.Blacklist.Add(new FlowFilter { SourcePod = { "bookinfo/" } });
        options.Blacklist.Add(new FlowFilter { DestinationPod = { "bookinfo/" } });

        var flows = (await ReplayHarness.ReadAllAsync(options)).Flows();

        var expected = records.Select(r => r.Flow)
            .Where(f => f.Verdict == Verdict.Forwarded && f.EventType?.Type == 4)
            .Where(f => f.Source?.Namespace != "bookinfo" && f.Destination?.Namespace != "bookinfo")
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, flows);
    }

    [Fact]
    public async Task Pod_prefix_and_traffic_direction_filters_are_honoured()
    {
        var (server, records) = await StartAsync();
        await using var _ = server;
        var options = new HubbleClientOptions { Address = server.Address! };
        options.Whitelist.Add(new FlowFilter { SourcePod = { "bookinfo/reviews-" }, TrafficDirection = { TrafficDirection.Ingress } });

        var flows = (await ReplayHarness.ReadAllAsync(options)).Flows();

        var expected = records.Select(r => r.Flow)
            .Where(f => f.Source?.Namespace == "bookinfo" && f.Source.PodName.StartsWith("reviews-", StringComparison.Ordinal) && f.TrafficDirection == TrafficDirection.Ingress)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, flows);
    }

    [Fact]
    public async Task An_unimplemented_filter_field_and_first_with_follow_are_invalid_arguments()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;
        var options = new HubbleClientOptions { Address = server.Address! };
        options.Whitelist.Add(new FlowFilter { HttpUrl = { "http://x/" } });

        var ex = await Assert.ThrowsAsync<RpcException>(() => ReplayHarness.ReadAllAsync(options));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("http_url", ex.Status.Detail, StringComparison.Ordinal);

        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://" + server.Address);
        var raw = new Observer.ObserverClient(channel);
        using var call = raw.GetFlows(new GetFlowsRequest { First = true, Follow = true });
        var invalid = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
    }

    [Fact]
    public async Task Times_are_rebased_so_the_newest_flow_happened_now()
    {
        var now = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var (server, records) = await StartAsync(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepUuids = true }, new FixedTimeProvider(now));
        await using var _ = server;

        var flows = (await ReplayHarness.ReadAllAsync(new HubbleClientOptions { Address = server.Address!, Number = 100 })).Flows();

        Assert.Equal(now, flows[^1].Time.ToDateTimeOffset());
        Assert.Equal(now.AddMilliseconds(-99), flows[0].Time.ToDateTimeOffset());
        Assert.Equal(records.Select(r => r.Flow.Uuid), flows.Select(f => f.Uuid));
    }

    [Fact]
    public async Task A_loop_repeats_the_capture_with_fresh_uuids_and_later_times()
    {
        var records = (await SyntheticFlows.CreateAsync(3)).ToList();
        await using var server = await ReplayHarness.StartAsync(records, new ReplayServerOptions { Listen = "127.0.0.1:0", Loop = true, KeepTime = true, KeepUuids = true });

        var flows = (await ReplayHarness.ReadAllAsync(new HubbleClientOptions { Address = server.Address!, Number = 9, First = true })).Flows();

        Assert.Equal(9, flows.Select(f => f.Uuid).Distinct().Count());
        Assert.Equal(records.Select(r => r.Flow.Uuid), flows.Take(3).Select(f => f.Uuid));
        Assert.True(flows.Zip(flows.Skip(1)).All(p => p.First.Time < p.Second.Time));
        Assert.Equal(records[0].Flow.Summary, flows[3].Summary);
    }

    [Fact]
    public async Task ServerStatus_and_GetNodes_describe_the_capture()
    {
        var (server, records) = await StartAsync();
        await using var _ = server;
        using var client = new HubbleClient(new HubbleClientOptions { Address = server.Address! });

        var status = await client.GetServerStatusAsync();
        var nodes = await client.GetNodesAsync();

        Assert.Equal(ReplayServer.Version, status.Version);
        Assert.Equal(100ul, status.NumFlows);
        Assert.Equal(100ul, status.SeenFlows);
        var expectedNodes = records.Select(r => r.NodeName).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal((uint)expectedNodes.Count, status.NumConnectedNodes);
        Assert.Equal(expectedNodes, nodes.Nodes.Select(n => n.Name));
        Assert.Equal(100ul, nodes.Nodes.Aggregate(0ul, (sum, n) => sum + n.NumFlows));
    }

    [Fact]
    public async Task A_follower_receives_flows_as_they_are_published()
    {
        var records = await SyntheticFlows.CreateAsync(10);
        await using var server = await ReplayHarness.StartAsync(records, new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, ManualRelease = true });
        server.Release(4);
        using var client = new HubbleClient(new HubbleClientOptions { Address = server.Address!, Follow = true, Since = Timestamp.FromDateTimeOffset(SyntheticFlows.Start).ToDateTimeOffset() });
        using var guard = new CancellationTokenSource(ReplayHarness.Guard);
        var received = new List<Flow>();

        await foreach (var item in client.ReadEventsAsync(guard.Token))
        {
            if (item is FlowEvent flow)
            {
                received.Add(flow.Flow);
                if (received.Count == 4)
                {
                    server.Release(6);
                }

                if (received.Count == 10)
                {
                    break;
                }
            }
        }

        Assert.Equal(records.Select(r => r.Flow), received);
        Assert.Equal(0, client.Counters.Reconnects);
    }
}
