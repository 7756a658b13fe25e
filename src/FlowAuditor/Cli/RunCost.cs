using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Cli;

/// <summary>
/// What a <c>loadtest</c> run has cost since it started measuring: wall time, the process's CPU, bytes allocated,
/// bytes and flows read from the stream, and the garbage collector's collections and pauses (a change that adds little
/// CPU of its own can still cost throughput by promoting objects into dearer collections). The full pipeline and the
/// decode-only ceiling measure with the same snapshot, so their figures compare.
/// </summary>
internal sealed class RunCost(HubbleClientCounters stream)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpu = CpuNow();
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly long _wireBytes = stream.FlowBytes;
    private readonly long _streamFlows = stream.Flows;
    private readonly (int Gen0, int Gen1, int Gen2) _collections = Collections();
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public TimeSpan Cpu => CpuNow() - _cpu;

    public long Allocated => GC.GetTotalAllocatedBytes() - _allocated;

    public long WireBytes => stream.FlowBytes - _wireBytes;

    public long StreamFlows => stream.Flows - _streamFlows;

    /// <summary>
    /// One line: collections by generation, the time paused as a share of <paramref name="elapsed"/>, the GC mode, and the
    /// largest gen0 budget the runtime allows, which sets most of the working set (workstation GC sizes it from the CPU's
    /// L3 cache unless DOTNET_GCgen0size is set; server GC with DATAS adapts it below that to the live heap).
    /// </summary>
    public string GcLine(TimeSpan elapsed)
    {
        var (gen0, gen1, gen2) = Collections();
        var paused = GC.GetTotalPauseDuration() - _paused;
        return string.Create(CultureInfo.InvariantCulture,
            $"GC: {gen0 - _collections.Gen0} collections ({gen1 - _collections.Gen1} of gen1 and older, {gen2 - _collections.Gen2} of gen2), paused {paused.TotalMilliseconds:F0} ms ({paused / elapsed:P1} of the run), {GcMode()}, gen0 budget up to {Gen0MaxBudgetMiB()} MiB");
    }

    private static string GcMode() =>
        !GCSettings.IsServerGC ? "workstation GC"
        : GC.GetConfigurationVariables().TryGetValue("GCDynamicAdaptationMode", out var mode) && mode is long and 1 ? "server GC with DATAS"
        : "server GC";

    private static string Gen0MaxBudgetMiB() =>
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value) && value is long bytes && bytes > 0
            ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)
            : "?";

    private static (int, int, int) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    private static TimeSpan CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
