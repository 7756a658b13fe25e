using FlowAuditor.Daemon.Http;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// <c>/api/v1/report</c> is rebuilt at most once a second for readers polling it, and at once when the policy
/// revision or the restore state changes (a report must never name a removed policy or say restoring when it is not).
/// </summary>
public sealed class ReportCacheTests
{
    [Fact]
    public void A_report_is_reused_within_a_second_and_rebuilt_after_it_or_when_the_policies_or_the_restore_state_change()
    {
        var time = new SteppedTimestamps();
        var cache = new ReportCache(time);
        var builds = 0;
        byte[] Build() => [(byte)++builds];

        Assert.Equal(1, cache.Get(1, restoring: false, Build)[0]);
        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(1, cache.Get(1, restoring: false, Build)[0]);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, cache.Get(1, restoring: false, Build)[0]);
        Assert.Equal(3, cache.Get(2, restoring: false, Build)[0]);
        Assert.Equal(4, cache.Get(2, restoring: true, Build)[0]);
        Assert.Equal(4, builds);
    }

    // Only the monotonic timestamp matters to the cache; it moves only when the test says so.
    private sealed class SteppedTimestamps : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
