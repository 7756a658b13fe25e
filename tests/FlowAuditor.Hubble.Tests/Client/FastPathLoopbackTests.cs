using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;
using FlowAuditor.Tests.Shared;
using Grpc.Core;

namespace FlowAuditor.Hubble.Tests.Client;

/// <summary>
/// The client's fast path (wire decoder, field_mask) over real loopback gRPC against the replay server yields the
/// records the full path (generated parser + mapper) yields, whether the server honours the mask, ignores it as an
/// agent before 1.16 does, or refuses it.
/// </summary>
public sealed class FastPathLoopbackTests
{
    public enum Server
    {
        HonoursMask,
        IgnoresMask,
        RefusesMask,
    }

    [Theory]
    [InlineData(Server.HonoursMask, true)]
    [InlineData(Server.HonoursMask, false)]
    [InlineData(Server.IgnoresMask, true)]
    [InlineData(Server.RefusesMask, true)]
    public async Task Fast_records_equal_the_mapped_full_flows(Server kind, bool mask)
    {
        var records = await SyntheticFlows.CreateAsync(300);
        records.Insert(150, new GetFlowsResponse { LostEvents = new LostEvent { Source = LostEventSource.PerfEventRingBuffer, NumEventsLost = 3 }, NodeName = "n1" });
        var options = new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, IgnoreFieldMask = kind == Server.IgnoresMask };
        if (kind == Server.RefusesMask)
        {
            options.UnknownFlowFields.Add("policy_log");
        }

        await using var server = await ReplayHarness.StartAsync(records, options);
        if (kind == Server.RefusesMask)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => ReplayHarness.GetFlowsAsync(server.Address!, new GetFlowsRequest
            {
                FieldMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "uuid", "policy_log" } },
            }));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        var full = await ReadAsync(server.Address!, mask, fast: false);
        var fast = await ReadAsync(server.Address!, mask, fast: true);

        var mapper = new FlowRecordMapper();
        var expected = full.OfType<FlowEvent>().Select(e => mapper.Map(e.Flow, e.NodeName)).ToList();
        var actual = fast.OfType<FlowRecordEvent>().Select(e => e.Record).ToList();
        Assert.Equal(300, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            FlowRecordComparison.AssertSame(expected[i], actual[i], $"flow {i}");
        }

        Assert.Equal(full.OfType<LostEventsEvent>().Select(e => e.LostEvent), fast.OfType<LostEventsEvent>().Select(e => e.LostEvent));
        Assert.Equal(full.OfType<FlowEvent>().Select(e => e.NodeName), fast.OfType<FlowRecordEvent>().Select(e => e.NodeName));
    }

    private static async Task<List<HubbleEvent>> ReadAsync(string address, bool mask, bool fast)
    {
        using var client = new HubbleClient(new HubbleClientOptions { Address = address, Follow = false, MaxConsecutiveFailures = 1, FieldMask = mask });
        using var guard = new CancellationTokenSource(ReplayHarness.Guard);
        var events = new List<HubbleEvent>();
        await foreach (var item in fast ? client.ReadRecordsAsync(guard.Token) : client.ReadEventsAsync(guard.Token))
        {
            events.Add(item);
        }

        return events;
    }
}
