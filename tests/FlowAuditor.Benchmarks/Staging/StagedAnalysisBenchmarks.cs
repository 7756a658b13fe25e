using BenchmarkDotNet.Attributes;
using FlowAuditor.Benchmarks.Attribution;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Staging;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Benchmarks.Staging;

/// <summary>
/// Measuring staged changes: the three-tier example's observed attempts (every attempt with a policy decision,
/// aggregated) evaluated against the enforced set, each of its four staged changes alone, and all together. What
/// <c>/api/v1/staged</c> and each metrics scrape cost the daemon. Not measured on the shared build machine.
/// </summary>
[MemoryDiagnoser]
public class StagedAnalysisBenchmarks
{
    private ManifestLoadResult _manifests = null!;
    private IReadOnlyList<StagedChange> _changes = null!;
    private ObservedAttempts _observed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var example = AuditPipelineBenchmarks.FindExample();
        _manifests = ManifestLoader.Load([Path.Combine(example, "manifests")]);
        _changes = StagedManifestLoader.Load([Path.Combine(example, "staged")]).Changes;
        var session = new AuditSession(new FlowAttributor(new PolicyEvaluator(_manifests.Policies), _manifests.Cluster));
        var mapper = new FlowRecordMapper();
        foreach (var response in new CaptureReader().ReadAsync([Path.Combine(example, "capture.jsonl")]).ToBlockingEnumerable())
        {
            if (response.Flow is { } flow)
            {
                session.Observe(mapper.Map(flow, response.NodeName));
            }
        }

        _observed = session.ObservedAttempts;
    }

    [Benchmark]
    public long AnalyzeExampleStagedSet() => StagedAnalyzer.Analyze(_manifests.Policies, _changes, _observed).Combined.WouldDeny;
}
