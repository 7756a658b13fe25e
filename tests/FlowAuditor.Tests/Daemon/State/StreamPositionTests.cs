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
        Assert.True(before.Accept("node-a", T0, "a1"));
        Assert.True(before.Accept("node-a", T0.AddSeconds(5), "a2"));
        Assert.True(before.Accept("node-a", T0.AddSeconds(6), "a3"));
        Assert.True(before.Accept("node-b", T0.AddSeconds(3), "b1"));

        var after = new StreamPosition(TimeSpan.FromSeconds(2));
        after.Restore(before.Export());

        // Resume at the earliest node's time minus the overlap, so node-b misses nothing.
        Assert.Equal(T0.AddSeconds(1), after.ResumeFrom);
        Assert.False(after.Accept("node-a", T0, "a1"));
        Assert.False(after.Accept("node-a", T0.AddSeconds(5), "a2"));
        Assert.False(after.Accept("node-a", T0.AddSeconds(6), "a3"));
        Assert.False(after.Accept("node-b", T0.AddSeconds(3), "b1"));

        // Same time as the last one seen but another flow; and later flows.
        Assert.True(after.Accept("node-a", T0.AddSeconds(6), "a4"));
        Assert.True(after.Accept("node-a", T0.AddSeconds(7), "a5"));
        Assert.True(after.Accept("node-b", T0.AddSeconds(4), "b2"));
        Assert.True(after.Accept("node-c", T0, "c1"));
    }

    [Fact]
    public void Only_the_overlap_is_kept_so_the_stored_position_stays_small()
    {
        var position = new StreamPosition(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(position.Accept("node", T0.AddSeconds(i), $"u{i}"));
        }

        var stored = Assert.Single(position.Export());
        Assert.Equal(T0.AddSeconds(99), stored.Latest);
        Assert.Equal(["u97", "u98", "u99"], stored.OverlapUuids);
    }
}
