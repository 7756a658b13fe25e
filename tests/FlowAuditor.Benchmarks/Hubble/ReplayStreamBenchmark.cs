using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;

namespace FlowAuditor.Benchmarks.Hubble;

/// <summary>
/// End to end over loopback TCP: the replay server loops the real fixture captures (stamped with uuids, as 1.14+
/// agents send them) and <see cref="HubbleClient"/> decodes and de-duplicates N flows. Reported time is per flow
/// (OperationsPerInvoke); flows/s = 1 s / that. Peak working set is printed per N: flat memory means it does not
/// grow with N.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StreamJobConfig))]
public class ReplayStreamBenchmark
{
    private ReplayServer? _server;
    private string _address = "";
    private int _lastFlows;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var records = new List<GetFlowsResponse>();
        var reader = new CaptureReader();
        await foreach (var record in reader.ReadAsync(Directory.GetFiles(FixtureDirectory(), "*.jsonl")))
        {
            if (record.Flow is not null)
            {
                record.Flow.Uuid = Guid.NewGuid().ToString();
                records.Add(record);
            }
        }

        _server = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", Loop = true }, records);
        _address = await _server.StartAsync();
    }

    [Benchmark(OperationsPerInvoke = 250_000)]
    public Task<long> Decode250kFlows() => StreamAsync(250_000);

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public Task<long> Decode1MFlows() => StreamAsync(1_000_000);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// Hubble stream N={_lastFlows}: peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MiB, GC heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB");
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<long> StreamAsync(int flows)
    {
        _lastFlows = flows;
        using var client = new HubbleClient(new HubbleClientOptions
        {
            Address = _address,
            Follow = false,
            First = true,
            Number = (ulong)flows,
        });
        long count = 0;
        await foreach (var item in client.ReadEventsAsync())
        {
            if (item is FlowEvent)
            {
                count++;
            }
        }

        return count == flows ? count : throw new InvalidOperationException($"expected {flows} flows, got {count}");
    }

    private static string FixtureDirectory([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "FlowAuditor.Hubble.Tests", "Fixtures", "hubble"));
}
