namespace FlowAuditor.Tests.Support;

/// <summary>
/// The system clock, moved forward on demand (timers still run in real time). Lets a test make "an hour has passed"
/// true for time-window logic without waiting or mocking the timers the daemon relies on.
/// </summary>
internal sealed class ShiftableTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
