using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon.State;

namespace FlowAuditor.Tests.Daemon.State;

/// <summary>The stored stream position: what a resumed stream re-sends is dropped, nothing newer is.</summary>
public sealed class StreamPositionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void After_a_restore_the_overlap_is_dropped_by_uuid_and_older_flows_by_time_but_new_ones_pass()
    {
        var before = new StreamPosition(TimeSpan.FromSeconds(2));
        Assert.True(before.Accept(Flow("node-a", T0, "a1")));
        Assert.True(before.Accept(Flow("node-a", T0.AddSeconds(5), "a2")));
        Assert.True(before.Accept(Flow("node-a", T0.AddSeconds(6), "a3")));
        Assert.True(before.Accept(Flow("node-b", T0.AddSeconds(3), "b1")));

        var after = new StreamPosition(TimeSpan.FromSeconds(2));
        after.Restore(before.Export());

        // Resume at the earliest node's time minus the overlap, so node-b misses nothing.
        Assert.Equal(T0.AddSeconds(1), after.ResumeFrom);
        Assert.False(after.Accept(Flow("node-a", T0, "a1")));
        Assert.False(after.Accept(Flow("node-a", T0.AddSeconds(5), "a2")));
        Assert.False(after.Accept(Flow("node-a", T0.AddSeconds(6), "a3")));
        Assert.False(after.Accept(Flow("node-b", T0.AddSeconds(3), "b1")));

        // Same time as the last one seen but another flow; and later flows.
        Assert.True(after.Accept(Flow("node-a", T0.AddSeconds(6), "a4")));
        Assert.True(after.Accept(Flow("node-a", T0.AddSeconds(7), "a5")));
        Assert.True(after.Accept(Flow("node-b", T0.AddSeconds(4), "b2")));
        Assert.True(after.Accept(Flow("node-c", T0, "c1")));
    }

    [Fact]
    public void Only_the_overlap_is_kept_so_the_stored_position_stays_small()
    {
        var position = new StreamPosition(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(position.Accept(Flow("node", T0.AddSeconds(i), $"u{i}")));
        }

        var stored = Assert.Single(position.Export());
        Assert.Equal(T0.AddSeconds(99), stored.Latest);
        Assert.Equal(["u97", "u98", "u99"], stored.OverlapUuids);
    }

    [Fact]
    public void A_uuid_decoded_as_a_value_is_stored_as_its_text_and_matches_the_same_uuid_read_as_text()
    {
        var uuid = Guid.Parse("0b6f4c2e-5d1a-4e3b-9f2c-7a8d9e0f1a2b");
        var before = new StreamPosition(TimeSpan.FromSeconds(2));
        Assert.True(before.Accept(Flow("node", T0, uuidValue: uuid)));
        Assert.False(before.Accept(Flow("node", T0, "0b6f4c2e-5d1a-4e3b-9f2c-7a8d9e0f1a2b")));
        Assert.True(before.Accept(Flow("node", T0, "LEGACY-id")));

        var stored = Assert.Single(before.Export());
        Assert.Equal(["0b6f4c2e-5d1a-4e3b-9f2c-7a8d9e0f1a2b", "LEGACY-id"], stored.OverlapUuids);

        var after = new StreamPosition(TimeSpan.FromSeconds(2));
        after.Restore(before.Export());
        Assert.False(after.Accept(Flow("node", T0, uuidValue: uuid)));
        Assert.False(after.Accept(Flow("node", T0, "LEGACY-id")));
        Assert.True(after.Accept(Flow("node", T0, "legacy-id")));
        Assert.Equal(["0b6f4c2e-5d1a-4e3b-9f2c-7a8d9e0f1a2b", "LEGACY-id", "legacy-id"], Assert.Single(after.Export()).OverlapUuids);
    }

    private static FlowRecord Flow(string node, DateTimeOffset time, string? uuid = null, Guid? uuidValue = null) => new()
    {
        Source = Endpoint.External(IPAddress.Parse("192.0.2.1")),
        Destination = Endpoint.External(IPAddress.Parse("192.0.2.2")),
        NodeName = node,
        Time = time,
        Uuid = uuid,
        UuidValue = uuidValue,
    };
}
