using BenchmarkDotNet.Attributes;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Benchmarks.Evaluation;

/// <summary>
/// Issue target on a 2-core machine: 1,000 policies over 10,000 pods in 50 namespaces, random probes;
/// at least 1,000,000 verdict-only evaluations/s on one thread and 200,000/s with full attribution.
/// Each benchmark invocation evaluates <see cref="ProbeCount"/> probes, so evaluations/s = ProbeCount / mean.
/// </summary>
[MemoryDiagnoser]
public class EvaluatorBenchmarks
{
    public const int ProbeCount = 10_000;

    private static readonly int[] Ports = [80, 443, 8080, 9090, 53, 31000, 5432];

    private PolicyEvaluator _evaluator = null!;
    private (Endpoint Source, Endpoint Destination, Protocol Protocol, int Port)[] _probes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cluster = new SyntheticCluster(namespaces: 50, pods: 10_000, policies: 1_000, seed: 42);
        _evaluator = new PolicyEvaluator(new PolicySet(cluster.Policies));
        var random = new Random(7);
        _probes = new (Endpoint, Endpoint, Protocol, int)[ProbeCount];
        for (var i = 0; i < ProbeCount; i++)
        {
            var source = random.Next(20) == 0 ? cluster.External : cluster.Pods[random.Next(cluster.Pods.Count)];
            var destination = cluster.Pods[random.Next(cluster.Pods.Count)];
            _probes[i] = (source, destination, random.Next(5) == 0 ? Protocol.UDP : Protocol.TCP, Ports[random.Next(Ports.Length)]);
        }

        // Warm the identity cache the way a long-running daemon has it warm.
        foreach (var pod in cluster.Pods)
        {
            _evaluator.IsAllowed(pod, cluster.Pods[0], Protocol.TCP, 80);
        }
    }

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public int VerdictOnly()
    {
        var allowed = 0;
        foreach (var (source, destination, protocol, port) in _probes)
        {
            if (_evaluator.IsAllowed(source, destination, protocol, port))
            {
                allowed++;
            }
        }

        return allowed;
    }

    [Benchmark(OperationsPerInvoke = ProbeCount)]
    public int FullAttribution()
    {
        var allowed = 0;
        foreach (var (source, destination, protocol, port) in _probes)
        {
            if (_evaluator.Evaluate(source, destination, protocol, port).Allowed)
            {
                allowed++;
            }
        }

        return allowed;
    }
}
