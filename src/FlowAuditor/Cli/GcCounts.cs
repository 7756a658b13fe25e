using System.Globalization;

namespace FlowAuditor.Cli;

/// <summary>
/// The garbage collector's counts at one moment, so <c>loadtest</c> can say what a run cost in collections and pauses:
/// a change that adds little CPU of its own can still cost throughput by promoting objects into dearer collections.
/// </summary>
internal readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>One line: collections by generation and the time paused, between <paramref name="start"/> and now.</summary>
    public string Since(GcCounts start, TimeSpan elapsed)
    {
        var paused = Paused - start.Paused;
        return string.Create(CultureInfo.InvariantCulture,
            $"GC: {Gen0 - start.Gen0} collections ({Gen1 - start.Gen1} of gen1 and older, {Gen2 - start.Gen2} of gen2), paused {paused.TotalMilliseconds:F0} ms ({paused / elapsed:P1} of the run)");
    }
}
