using FlowAuditor.Daemon;

namespace FlowAuditor.Tests.Daemon;

/// <summary>The page's chart data: denials per namespace and minute over the last hour, on a fake clock.</summary>
public sealed class DenialTimelineTests
{
    [Fact]
    public void Denials_LandInTheirMinute_AndRollOffAfterAnHour()
    {
        var time = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 30, TimeSpan.Zero));
        var timeline = new DenialTimeline(time);
        timeline.Denied("production");
        timeline.Denied("production");
        time.Advance(TimeSpan.FromMinutes(2));
        timeline.Denied("production");
        timeline.Denied("reporting");

        var now = timeline.Snapshot();
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 11, 3, 0, TimeSpan.Zero), now.Start);
        Assert.Equal(["production", "reporting"], now.Namespaces.Select(n => n.Namespace));
        var production = now.Namespaces[0].Counts;
        Assert.Equal(DenialTimeline.Minutes, production.Length);
        Assert.Equal([2L, 0L, 1L], production[^3..]);
        Assert.Equal(3, production.Sum());

        // 59 minutes on, the first two denials are an hour old: out of the window; the third is the oldest minute.
        time.Advance(TimeSpan.FromMinutes(59));
        var later = timeline.Snapshot().Namespaces[0].Counts;
        Assert.Equal(1, later.Sum());
        Assert.Equal(1, later[0]);

        // The ring slot of an old minute is reused, not added to.
        timeline.Denied("production");
        Assert.Equal(1, timeline.Snapshot().Namespaces[0].Counts[^1]);
    }

    /// <summary>A clock that moves only when told (ShiftableTime follows the real clock, which may cross a minute mid-test).</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
