using FlowAuditor.Daemon;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Tests.Daemon;

/// <summary>Where the stream starts: a stored position wins; a first start reads the ring (all, since, or none).</summary>
public sealed class BackfillStartTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_start_reads_the_whole_ring_unless_told_otherwise()
    {
        Assert.Equal(StreamStart.WholeRing, BackfillStart.Choose(new DaemonOptions(), null, Now));
        Assert.Equal(StreamStart.Now, BackfillStart.Choose(new DaemonOptions { Backfill = false }, null, Now));
        Assert.Equal(new StreamStart(Now.AddMinutes(-90), 0), BackfillStart.Choose(new DaemonOptions { Since = "1h30m" }, null, Now));
        Assert.Equal(new StreamStart(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), 0), BackfillStart.Choose(new DaemonOptions { Since = "2026-11-20T09:00:00Z" }, null, Now));
    }

    [Fact]
    public void A_restart_resumes_from_the_stored_position_whatever_the_flags()
    {
        var resume = Now.AddSeconds(-30);

        Assert.Equal(new StreamStart(resume, 0), BackfillStart.Choose(new DaemonOptions { Backfill = false, Since = "5m" }, resume, Now));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("0.5m", 30)]
    public void Durations_count_back_from_now(string text, int seconds)
    {
        Assert.True(BackfillStart.TryParseSince(text, Now, out var since));
        Assert.Equal(Now.AddSeconds(-seconds), since);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("15")]
    [InlineData("5d")]
    public void Anything_else_is_rejected(string text) => Assert.False(BackfillStart.TryParseSince(text, Now, out _));
}
