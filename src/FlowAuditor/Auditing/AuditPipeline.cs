using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Readiness;
using FlowAuditor.Core.Staging;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Auditing;

/// <summary>
/// The audit itself, shared by files and live servers: every flow of the decoded events through the
/// attribution session against one set of policies, lost events counted by source, then the report, the staged
/// changes measured on the same attempts, and rollout readiness.
/// </summary>
internal static class AuditPipeline
{
    public static async Task<AuditResult> RunAsync(
        ManifestLoadResult manifests, IAsyncEnumerable<HubbleEvent> events, AuditSettings settings, Func<AuditInputCounts> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(input);
        var evaluator = new PolicyEvaluator(manifests.Policies, settings.Evaluation);
        var session = new AuditSession(
            new FlowAttributor(evaluator, manifests.Cluster),
            new AuditOptions { ConnectionWindow = settings.ConnectionWindow });
        var lost = new SortedDictionary<string, long>(StringComparer.Ordinal);

        await foreach (var item in DecodeAhead.Run(events, cancellationToken).ConfigureAwait(false))
        {
            if (item is FlowRecordEvent flow)
            {
                session.Observe(flow.Record);
            }
            else if (item is LostEventsEvent { LostEvent: var lostEvents })
            {
                var source = lostEvents.Source.ToString();
                lost[source] = lost.GetValueOrDefault(source) + (long)lostEvents.NumEventsLost;
            }
        }

        var report = session.BuildReport(manifests.Policies, manifests.Cluster, settings.Suggestions, settings.Evaluation);
        var staging = settings.Staged.Count == 0 ? StagedLoadResult.Empty : StagedManifestLoader.Load(settings.Staged);
        var staged = settings.Staged.Count == 0 ? null : StagedAnalyzer.Analyze(manifests.Policies, staging.Changes, session.ObservedAttempts, settings.Evaluation);

        // A one-shot audit has no wall clock to speak of: the quiet window is all the flows read.
        var readiness = RolloutReadiness.Evaluate(
            manifests.Cluster.Namespaces.Keys.Concat(report.Denied.Select(e => e.Key.Namespace)),
            report.Denied.Where(e => e.Audited > 0).Select(e => e.Key.Namespace).ToHashSet(StringComparer.Ordinal),
            report,
            staged ?? StagedImpact.None,
            DateTimeOffset.MinValue);
        return new AuditResult(report, manifests, input(), lost) { Staging = staging, Staged = staged, Readiness = readiness };
    }
}
