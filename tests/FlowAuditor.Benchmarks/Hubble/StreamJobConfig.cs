using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlowAuditor.Benchmarks.Hubble;

/// <summary>
/// Few long iterations (each streams N flows), in process so the replay server, the client and the peak-memory
/// figure all belong to one measured process.
/// </summary>
internal sealed class StreamJobConfig : ManualConfig
{
    public StreamJobConfig() =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true)));
}
