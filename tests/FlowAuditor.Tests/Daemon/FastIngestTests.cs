using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The daemon's ingest (fast client path, wire decoder, batched queue) over real loopback gRPC against the replay
/// server hands attribution exactly the records the reference path makes of the same stream (whole flows through
/// the generated parser and <see cref="FlowRecordMapper"/>), in order, with a field mask and without.
/// </summary>
public sealed class FastIngestTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ingested_records_equal_the_mapped_flows_of_the_same_stream(bool fieldMask)
    {
        var records = await ThreeTierExample.RecordsAsync();
        await using var server = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true }, records);
        var address = await server.StartAsync();
        var expected = await ReferenceAsync(address);

        // A small queue (one batch of 64), so batches fill and the stream reader meets a full queue.
        var options = new DaemonOptions { HubbleAddress = address, Follow = false, QueueCapacity = 64, HubbleFieldMask = fieldMask };
        var metrics = new DaemonMetrics(labelCap: 100);
        var time = TimeProvider.System;
        using var client = new HubbleClient(HubbleSettings.From(options));
        var queue = new FlowQueue(options, metrics, time);
        var state = new AuditState(options, metrics, time);
        using var ingest = new FlowIngestService(client, state, queue, new PipelineProgress(client), options, metrics, time, NullLogger<FlowIngestService>.Instance);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var draining = DrainAsync(queue, guard.Token);
        await ingest.StartAsync(guard.Token);
        var actual = await draining;
        await ingest.StopAsync(CancellationToken.None);

        Assert.Equal(0, queue.Overflowed);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            FlowRecordComparison.AssertSame(expected[i], actual[i], $"flow {i}");
        }

        Assert.Equal(0, queue.Depth);
        Assert.InRange(queue.HighWaterMark, 1, queue.Capacity);
    }

    private static async Task<List<FlowRecord>> ReferenceAsync(string address)
    {
        using var client = new HubbleClient(new HubbleClientOptions { Address = address, Follow = false, MaxConsecutiveFailures = 1 });
        var mapper = new FlowRecordMapper();
        var flows = new List<FlowRecord>();
        await foreach (var item in client.ReadEventsAsync())
        {
            if (item is FlowEvent flow)
            {
                flows.Add(mapper.Map(flow.Flow, flow.NodeName));
            }
        }

        Assert.NotEmpty(flows);
        return flows;
    }

    private static async Task<List<FlowRecord>> DrainAsync(FlowQueue queue, CancellationToken cancellationToken)
    {
        var flows = new List<FlowRecord>();
        await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
        {
            queue.Taken(batch);
            flows.AddRange(batch.Flows);
            FlowQueue.Return(batch);
        }

        return flows;
    }
}
