using BenchmarkDotNet.Attributes;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Benchmarks.Attribution;

/// <summary>
/// The attribution hot path per flow, by stage: protobuf decode, mapping to a FlowRecord (identity labels cached),
/// attribution alone (evaluation against the policy snapshot, verdict cache warm or cold), aggregation alone, the
/// Core audit session (classification, workload resolution, attribution, folding into attempts, aggregation), and
/// the daemon's <see cref="AuditState.Observe"/> (the session plus metrics and readiness). Input: the three-tier
/// example's 566 flows repeated <see cref="Passes"/> times, each pass later and with new client ports, as a looping
/// replay sends them. Each invocation handles 566 x <see cref="Passes"/> flows, so the figures are per flow.
/// </summary>
[MemoryDiagnoser]
public class AuditPipelineBenchmarks
{
    public const int Passes = 100;
    private const int Flows = 566 * Passes;

    private ExampleTraffic _traffic = null!;
    private byte[][] _wire = null!;
    private FlowRecord[] _records = null!;
    private FlowAttributor _warm = null!;
    private (FlowRecord Flow, FlowClass Class, FlowAttribution Attribution, bool New)[] _attributed = [];

    [GlobalSetup]
    public void Setup()
    {
        _traffic = ExampleTraffic.Load();
        if (_traffic.Flows.Count != 566)
        {
            throw new InvalidOperationException($"The example capture has {_traffic.Flows.Count} flows; OperationsPerInvoke assumes 566.");
        }

        _wire = _traffic.Wire(Passes);
        _records = _traffic.Records(Passes);
        _warm = NewAttributor();
        var deduplicator = new ConnectionDeduplicator(new AuditOptions().ConnectionWindow);
        var attributed = new List<(FlowRecord, FlowClass, FlowAttribution, bool)>();
        foreach (var flow in _records)
        {
            if (_warm.Attribute(flow) is { Outcome: not AttributionOutcome.Consistent } attribution)
            {
                var flowClass = FlowClassifier.Classify(flow);
                attributed.Add((flow, flowClass, attribution, deduplicator.IsNewConnection(flow, flowClass, attribution.Direction)));
            }
        }

        _attributed = [.. attributed];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Flows)]
    public int DecodeOnly()
    {
        var total = 0;
        foreach (var bytes in _wire)
        {
            total += Flow.Parser.ParseFrom(bytes).Source?.Labels.Count ?? 0;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Flows)]
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

    /// <summary>Attribution of every flow against the snapshot, verdict cache warm (the steady state).</summary>
    [Benchmark(OperationsPerInvoke = Flows)]
    public int AttributeCacheHit()
    {
        var total = 0;
        foreach (var flow in _records)
        {
            total += _warm.Attribute(flow) is null ? 0 : 1;
        }

        return total;
    }

    /// <summary>The same with a new attributor per pass of 566 flows (after a policy change): every distinct key misses once.</summary>
    [Benchmark(OperationsPerInvoke = Flows)]
    public int AttributeCacheMiss()
    {
        var total = 0;
        FlowAttributor attributor = null!;
        for (var i = 0; i < _records.Length; i++)
        {
            if (i % 566 == 0)
            {
                attributor = NewAttributor();
            }

            total += attributor.Attribute(_records[i]) is null ? 0 : 1;
        }

        return total;
    }

    /// <summary>Aggregation alone: the attributed denied flows (attempts added, repeats seen); figures are per flow of the stream.</summary>
    [Benchmark(OperationsPerInvoke = Flows)]
    public int Aggregate()
    {
        var aggregator = new Core.Aggregation.DeniedTrafficAggregator();
        foreach (var (flow, flowClass, attribution, isNew) in _attributed)
        {
            if (isNew)
            {
                aggregator.Add(flow, flowClass, attribution);
            }
            else
            {
                aggregator.Seen(flow, attribution);
            }
        }

        return aggregator.Snapshot().Count;
    }

    /// <summary>The Core audit session over mapped flows: classification, resolution, attribution, attempts, aggregation.</summary>
    [Benchmark(OperationsPerInvoke = Flows)]
    public long Session()
    {
        var session = new AuditSession(NewAttributor());
        foreach (var flow in _records)
        {
            session.Observe(flow);
        }

        return session.Counters.Attempts;
    }

    /// <summary>The daemon's attribution thread: <see cref="AuditState.Observe"/> (session, metrics, readiness).</summary>
    [Benchmark(OperationsPerInvoke = Flows)]
    public long StateObserve()
    {
        using var metrics = new DaemonMetrics(labelCap: 500);
        var state = new AuditState(new DaemonOptions(), metrics, TimeProvider.System);
        state.ApplyPolicies(_traffic.Manifests.Policies, _traffic.Manifests.Cluster, sourceReady: true);
        foreach (var flow in _records)
        {
            state.Observe(flow);
        }

        return state.ResumeDuplicates;
    }

    [Benchmark(OperationsPerInvoke = Flows)]
    public long DecodeMapAttributeAggregate()
    {
        var session = new AuditSession(NewAttributor());
        var mapper = new FlowRecordMapper();
        foreach (var bytes in _wire)
        {
            session.Observe(mapper.Map(Flow.Parser.ParseFrom(bytes)));
        }

        return session.Counters.Attempts;
    }

    internal static string FindExample() => ExampleTraffic.FindExample();

    private FlowAttributor NewAttributor() =>
        new(new PolicyEvaluator(_traffic.Manifests.Policies), _traffic.Manifests.Cluster);
}
