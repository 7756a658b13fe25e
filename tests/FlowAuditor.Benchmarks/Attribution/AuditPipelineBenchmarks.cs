using BenchmarkDotNet.Attributes;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Kubernetes.Manifests;
using Google.Protobuf;

namespace FlowAuditor.Benchmarks.Attribution;

/// <summary>
/// The attribution hot path per flow: protobuf decode, mapping to a FlowRecord (identity labels cached), and the
/// audit session (classification, workload resolution, attribution with its verdict cache, folding into connection
/// attempts, aggregation). Input: the three-tier example's 566 flows, as wire bytes, repeated with new source ports
/// so every pass is new traffic. Each invocation handles 566 x <see cref="Passes"/> flows; flows/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class AuditPipelineBenchmarks
{
    public const int Passes = 100;

    private byte[][] _wire = null!;
    private ManifestLoadResult _manifests = null!;

    [GlobalSetup]
    public void Setup()
    {
        var example = FindExample();
        var flows = new List<Flow>();
        var reader = new CaptureReader();
        foreach (var response in reader.ReadAsync([Path.Combine(example, "capture.jsonl")]).ToBlockingEnumerable())
        {
            if (response.Flow is { } flow)
            {
                flows.Add(flow);
            }
        }

        _wire = new byte[flows.Count * Passes][];
        for (var pass = 0; pass < Passes; pass++)
        {
            foreach (var (flow, i) in flows.Select((f, i) => (f, i)))
            {
                var copy = flow.Clone();
                copy.Uuid = Guid.NewGuid().ToString();
                copy.Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(flow.Time.ToDateTimeOffset().AddMinutes(pass * 15));
                if (copy.L4?.TCP is { } tcp)
                {
                    tcp.SourcePort = (uint)(1024 + ((tcp.SourcePort + (uint)pass) % 60000));
                }

                _wire[(pass * flows.Count) + i] = copy.ToByteArray();
            }
        }

        _manifests = ManifestLoader.Load([Path.Combine(example, "manifests")]);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 566 * Passes)]
    public int DecodeOnly()
    {
        var total = 0;
        foreach (var bytes in _wire)
        {
            total += Flow.Parser.ParseFrom(bytes).Source?.Labels.Count ?? 0;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 566 * Passes)]
    public int DecodeAndMap()
    {
        var mapper = new FlowRecordMapper();
        var total = 0;
        foreach (var bytes in _wire)
        {
            total += mapper.Map(Flow.Parser.ParseFrom(bytes)).DestinationPort;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 566 * Passes)]
    public long DecodeMapAttributeAggregate()
    {
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(_manifests.Policies), _manifests.Cluster));
        var mapper = new FlowRecordMapper();
        foreach (var bytes in _wire)
        {
            session.Observe(mapper.Map(Flow.Parser.ParseFrom(bytes)));
        }

        return session.Counters.Attempts;
    }

    internal static string FindExample()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "deploy", "examples", "three-tier");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("deploy/examples/three-tier not found above the benchmark's directory; run from the repository.");
    }
}
