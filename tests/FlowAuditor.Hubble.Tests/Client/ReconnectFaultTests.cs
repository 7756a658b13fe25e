using System.Net;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Client;

/// <summary>The stream breaks mid-way; the consumer still gets every flow exactly once.</summary>
public sealed class ReconnectFaultTests
{
    private const int Total = 20_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_replay_server_stopped_and_restarted_mid_stream_loses_and_repeats_nothing(bool fast)
    {
        var records = await SyntheticFlows.CreateAsync(Total);
        await using var server = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, ManualRelease = true }, records);
        server.Release(Total / 2);
        var address = await server.StartAsync();
        await using var consumer = Consumer.Start(address, fast);

        await ReplayHarness.WaitUntilAsync(() => consumer.Count >= Total / 4, "the first flows");
        await server.StopAsync();
        server.Release(Total / 2);   // flows keep happening while relay is down; the agent's ring keeps them
        await server.StartAsync();
        await ReplayHarness.WaitUntilAsync(() => consumer.Count >= Total, "every flow");

        await consumer.AssertExactlyOnceAsync(records);
        Assert.True(consumer.Client.Counters.Reconnects >= 1);
        Assert.True(consumer.Client.Counters.DuplicatesDropped > 0, "the resume overlap must have been re-sent and dropped");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_cut_mid_stream_loses_and_repeats_nothing(bool fast)
    {
        var records = await SyntheticFlows.CreateAsync(Total);
        await using var server = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, ManualRelease = true }, records);
        server.Release(Total / 2);
        await server.StartAsync();
        await using var proxy = new CuttableTcpProxy(IPEndPoint.Parse(server.Address!));
        await using var consumer = Consumer.Start(proxy.Address, fast);

        await ReplayHarness.WaitUntilAsync(() => consumer.Count >= Total / 4, "the first flows");
        proxy.CutAll();
        server.Release(Total / 2);
        await ReplayHarness.WaitUntilAsync(() => consumer.Count >= Total, "every flow");

        await consumer.AssertExactlyOnceAsync(records);
        Assert.True(consumer.Client.Counters.Reconnects >= 1);
        Assert.True(consumer.Client.Counters.DuplicatesDropped > 0);
    }

    [Fact]
    public async Task While_the_server_is_down_the_client_reports_not_connected_and_connected_again_after()
    {
        var records = await SyntheticFlows.CreateAsync(100);
        await using var server = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, ManualRelease = true }, records);
        server.Release(50);
        var address = await server.StartAsync();
        await using var consumer = Consumer.Start(address);
        await ReplayHarness.WaitUntilAsync(() => consumer.Count >= 50, "the first flows");
        Assert.True(consumer.Client.Counters.Connected);

        await server.StopAsync();
        await ReplayHarness.WaitUntilAsync(() => !consumer.Client.Counters.Connected, "the client to notice the server is gone");
        server.Release(50);
        await server.StartAsync();

        await ReplayHarness.WaitUntilAsync(() => consumer.Count >= 100, "every flow after the restart");
        Assert.True(consumer.Client.Counters.Connected);
    }

    /// <summary>A following client whose flows are collected in the background.</summary>
    private sealed class Consumer : IAsyncDisposable
    {
        private readonly List<HubbleEvent> _received = [];
        private readonly bool _fast;
        private readonly CancellationTokenSource _stop = new(ReplayHarness.Guard * 2);
        private readonly Task _reading;

        private Consumer(string address, bool fast)
        {
            _fast = fast;
            Client = new HubbleClient(
                new HubbleClientOptions
                {
                    Address = address,
                    Follow = true,
                    Since = SyntheticFlows.Start.AddSeconds(-1),
                    InitialBackoff = TimeSpan.FromMilliseconds(20),
                    MaxBackoff = TimeSpan.FromMilliseconds(200),
                },
                random: () => 0.5);
            _reading = ReadAsync();
        }

        public HubbleClient Client { get; }

        public int Count
        {
            get
            {
                lock (_received)
                {
                    return _received.Count;
                }
            }
        }

        /// <param name="fast">Read with the wire decoder (records) instead of whole flows.</param>
        public static Consumer Start(string address, bool fast = false) => new(address, fast);

        public async Task AssertExactlyOnceAsync(IReadOnlyList<FlowAuditor.Hubble.Api.GetFlowsResponse> expected)
        {
            await _stop.CancelAsync();
            await _reading;
            var uuids = _received.Select(e => e is FlowEvent f ? f.Flow.Uuid : ((FlowRecordEvent)e).Record.Uuid!).ToList();
            Assert.Equal(expected.Count, uuids.Count);
            Assert.Equal(expected.Select(r => r.Flow.Uuid).ToHashSet(), uuids.ToHashSet());
            if (_fast)
            {
                var mapper = new FlowAuditor.Hubble.Mapping.FlowRecordMapper();
                foreach (var (record, i) in expected.Zip(_received.Cast<FlowRecordEvent>()).Select((p, i) => (p, i)))
                {
                    FlowAuditor.Tests.Shared.FlowRecordComparison.AssertSame(mapper.Map(record.First.Flow, record.First.NodeName), record.Second.Record, $"flow {i}");
                }
            }
            else
            {
                Assert.Equal(expected.Select(r => r.Flow), _received.Cast<FlowEvent>().Select(e => e.Flow));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            Client.Dispose();
            _stop.Dispose();
        }

        private async Task ReadAsync()
        {
            try
            {
                await foreach (var item in _fast ? Client.ReadRecordsAsync(_stop.Token) : Client.ReadEventsAsync(_stop.Token))
                {
                    if (item is FlowEvent or FlowRecordEvent)
                    {
                        lock (_received)
                        {
                            _received.Add(item);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // The test stops the consumer once everything arrived.
            }
        }
    }
}
