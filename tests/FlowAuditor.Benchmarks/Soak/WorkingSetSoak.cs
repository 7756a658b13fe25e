using System.Diagnostics;
using System.Globalization;
using FlowAuditor.Benchmarks.Attribution;
using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;

namespace FlowAuditor.Benchmarks.Soak;

/// <summary>
/// <c>soak [COUNT]</c>: feeds COUNT flows (default 10 M) through the daemon's <see cref="AuditState.Observe"/>, the
/// example capture looped with each pass later than the last and new client ports (new 5-tuples every pass, as a
/// looping replay sends), and prints every million the working set, the live heap (after a full collection) and the
/// bytes allocated per flow by Observe alone (the feeder's own FlowRecord copies are not counted). A flat working set
/// is the claim it checks. <c>soak COUNT types</c> also prints the types that allocate most (sampled).
/// </summary>
internal static class WorkingSetSoak
{
    public static void Run(string[] args)
    {
        var count = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        using var sampler = args is [_, _, "types", ..] ? new AllocationSampler() : null;
        var traffic = ExampleTraffic.Load();
        var records = traffic.Records(1);
        var first = records.Min(r => r.Time);
        var span = records.Max(r => r.Time) - first + TimeSpan.FromSeconds(11);

        using var metrics = new DaemonMetrics(labelCap: 500);
        var state = new AuditState(new DaemonOptions(), metrics, TimeProvider.System);
        state.ApplyPolicies(traffic.Manifests.Policies, traffic.Manifests.Cluster, sourceReady: true);
        Console.WriteLine("flows\tworking set MiB\tlive heap MiB\tObserve B/flow\tObserve ns/flow");
        var observeBytes = 0L;
        var clock = new Stopwatch();
        for (long n = 0; n < count; n++)
        {
            var pass = n / records.Length;
            var flow = Shift(records[n % records.Length], pass, span);
            var before = GC.GetAllocatedBytesForCurrentThread();
            clock.Start();
            state.Observe(flow);
            clock.Stop();
            observeBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            if ((n + 1) % 1_000_000 == 0)
            {
                using var process = Process.GetCurrentProcess();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{n + 1}\t{process.WorkingSet64 / (1024.0 * 1024):F0}\t{GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024):F0}\t{observeBytes / 1_000_000.0:F0}\t{clock.Elapsed.TotalNanoseconds / 1_000_000:F0}"));
                observeBytes = 0;
                clock.Reset();
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dropped as resume duplicates: {state.ResumeDuplicates}; live heap after: {GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024):F0} MiB"));
        GC.KeepAlive(state);
        foreach (var (type, ticks) in sampler?.Top(25) ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ticks,8} allocation ticks\t{type}"));
        }
    }

    // A later copy of a flow with its client port moved, as the next pass of a looping replay.
    private static FlowRecord Shift(FlowRecord flow, long pass, TimeSpan span) =>
        flow.Repeated(span * pass, flow.SourcePort == 0 ? 0 : 1024 + (int)((flow.SourcePort + pass) % 60000), string.Create(CultureInfo.InvariantCulture, $"{flow.Uuid}-{pass}"));
}
