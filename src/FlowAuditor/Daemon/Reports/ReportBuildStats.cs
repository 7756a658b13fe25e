using System.Diagnostics;

namespace FlowAuditor.Daemon.Reports;

/// <summary>
/// What building the shared report has cost so far: builds, wall time and bytes allocated, for the model (snapshot,
/// suggestions, verification, readiness) and for rendering its JSON, the first of each apart (it carries the JIT and
/// the YAML serializer's set-up, once per process). <c>loadtest</c> prints it next to the readers' figures, so their
/// cost can be split into what the report costs and what serving it costs.
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

    /// <summary>Wall time of the builds after the first.</summary>
    public TimeSpan BuildTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _buildTicks));

    /// <summary>Wall time of the renders after the first.</summary>
    public TimeSpan RenderTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _renderTicks));

    /// <summary>Bytes allocated by the builds after the first.</summary>
    public long BuildBytes => Interlocked.Read(ref _buildBytes);

    /// <summary>Bytes allocated by the renders after the first.</summary>
    public long RenderBytes => Interlocked.Read(ref _renderBytes);

    /// <summary>The first build's and the first render's wall time and bytes.</summary>
    public (TimeSpan Build, long BuildBytes, TimeSpan Render, long RenderBytes) First { get; private set; }

    /// <summary>Runs <paramref name="build"/> and counts it as a model build.</summary>
    public T Build<T>(Func<T> build)
    {
        var (result, time, bytes) = Measure(build, ref _builds, ref _buildTicks, ref _buildBytes);
        if (time is { } first)
        {
            First = First with { Build = first, BuildBytes = bytes };
        }

        return result;
    }

    /// <summary>Runs <paramref name="render"/> and counts it as a JSON rendering.</summary>
    public T Render<T>(Func<T> render)
    {
        var (result, time, bytes) = Measure(render, ref _renders, ref _renderTicks, ref _renderBytes);
        if (time is { } first)
        {
            First = First with { Render = first, RenderBytes = bytes };
        }

        return result;
    }

    // Allocation is per thread, and the work runs on the calling thread: exact bytes, not an estimate.
    // The first's time is returned rather than added. Builds run one at a time and renders once per build.
    private static (T Result, TimeSpan? First, long Bytes) Measure<T>(Func<T> work, ref long count, ref long ticks, ref long bytes)
    {
        var started = Stopwatch.GetTimestamp();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var result = work();
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (Interlocked.Increment(ref count) == 1)
        {
            return (result, Stopwatch.GetElapsedTime(0, elapsed), used);
        }

        Interlocked.Add(ref bytes, used);
        Interlocked.Add(ref ticks, elapsed);
        return (result, null, used);
    }
}
