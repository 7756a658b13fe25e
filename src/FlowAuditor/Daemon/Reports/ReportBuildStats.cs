using System.Diagnostics;

namespace FlowAuditor.Daemon.Reports;

/// <summary>
/// What building the shared report has cost so far: builds, wall time and bytes allocated, for the model (snapshot,
/// suggestions, verification, readiness) and for rendering its JSON. <c>loadtest</c> prints it next to the readers'
/// figures, so their cost can be split into what the report costs and what serving it costs.
/// </summary>
internal sealed class ReportBuildStats
{
    private long _builds;
    private long _buildTicks;
    private long _buildBytes;
    private long _renders;
    private long _renderTicks;
    private long _renderBytes;

    private long _reused;

    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>Builds that reused the previous build's suggestions and verification (only counts had moved).</summary>
    public long Reused => Interlocked.Read(ref _reused);

    public void CountReuse() => Interlocked.Increment(ref _reused);

    public long Renders => Interlocked.Read(ref _renders);

    public TimeSpan BuildTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _buildTicks));

    public TimeSpan RenderTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _renderTicks));

    public long BuildBytes => Interlocked.Read(ref _buildBytes);

    public long RenderBytes => Interlocked.Read(ref _renderBytes);

    /// <summary>Runs <paramref name="build"/> and counts it as a model build.</summary>
    public T Build<T>(Func<T> build) => Measure(build, ref _builds, ref _buildTicks, ref _buildBytes);

    /// <summary>Runs <paramref name="render"/> and counts it as a JSON rendering.</summary>
    public T Render<T>(Func<T> render) => Measure(render, ref _renders, ref _renderTicks, ref _renderBytes);

    // Allocation is per thread, and the work runs on the calling thread: exact bytes, not an estimate.
    private static T Measure<T>(Func<T> work, ref long count, ref long ticks, ref long bytes)
    {
        var started = Stopwatch.GetTimestamp();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var result = work();
        Interlocked.Add(ref bytes, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref count);
        return result;
    }
}
