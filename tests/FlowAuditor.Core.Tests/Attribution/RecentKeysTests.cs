using FlowAuditor.Core.Attribution;

namespace FlowAuditor.Core.Tests.Attribution;

/// <summary>
/// The attempt table follows flow time: keys idle for the idle limit (two windows, at least 15 minutes) leave it as
/// time moves on, so a long run of new connections (a client port per connection) does not sit at the table's bound;
/// keys still within reach of out-of-order input (skewed node clocks, joined captures) stay and keep their attempt.
/// </summary>
public sealed class RecentKeysTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void Keys_idle_for_the_idle_limit_leave_the_table_as_flow_time_moves_on()
    {
        var keys = new RecentKeys<int>(Window);
        for (var port = 0; port < 1000; port++)
        {
            Assert.True(keys.Touch(port, T0));
        }

        Assert.Equal(1000, keys.Count);
        Assert.True(keys.Touch(5000, T0 + TimeSpan.FromMinutes(14)));
        Assert.Equal(1001, keys.Count);
        Assert.True(keys.Touch(5001, T0 + TimeSpan.FromMinutes(16)));
        Assert.Equal(2, keys.Count);
    }

    [Fact]
    public void A_million_new_connections_over_a_day_of_flow_time_keep_the_table_at_what_the_idle_limit_holds()
    {
        var keys = new RecentKeys<int>(Window);
        var peak = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            // About 12 new connections a second of flow time.
            keys.Touch(i, T0 + TimeSpan.FromMilliseconds(i * 80L));
            peak = Math.Max(peak, keys.Count);
        }

        // Between two sweeps (15 minutes of flow time apart) the table holds at most 30 minutes of keys: 1800 s × 12.5/s.
        Assert.InRange(peak, 11_250, 22_600);
    }

    [Fact]
    public void A_capture_joined_to_itself_folds_its_repeated_events_into_the_attempts_they_belong_to()
    {
        // A 10-minute capture cat-ed twice: the second copy goes back in time by 10 minutes.
        var keys = new RecentKeys<int>(Window);
        var first = Enumerable.Range(0, 600).Count(s => keys.Touch(s, T0 + TimeSpan.FromSeconds(s)));
        var second = Enumerable.Range(0, 600).Count(s => keys.Touch(s, T0 + TimeSpan.FromSeconds(s)));

        Assert.Equal((600, 0), (first, second));

        // Beyond the idle limit (16 minutes behind the newest flow) a late event starts a new attempt.
        Assert.True(keys.Touch(-1, T0 + TimeSpan.FromMinutes(31)));
        Assert.True(keys.Touch(0, T0));
    }
}
