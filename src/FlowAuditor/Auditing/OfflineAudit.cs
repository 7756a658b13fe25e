using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Core.Readiness;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Auditing;

/// <summary>
/// The offline audit: load manifests, stream the capture through the attribution pipeline, build the report.
/// Malformed capture lines are reported through <paramref name="onCaptureDiagnostic"/> and skipped.
/// </summary>
internal static class OfflineAudit
{
    public static async Task<OfflineAuditResult> RunAsync(
        OfflineAuditRequest request, Action<CaptureDiagnostic>? onCaptureDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifests = ManifestLoader.Load(request.Manifests, request.Evaluation.Version);
        var evaluator = new PolicyEvaluator(manifests.Policies, request.Evaluation);
        var session = new AuditSession(
            new FlowAttributor(evaluator, manifests.Cluster),
            new AuditOptions { ConnectionWindow = request.ConnectionWindow });
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = request.Strict, OnDiagnostic = onCaptureDiagnostic });
        var mapper = new FlowRecordMapper();
        var lost = new SortedDictionary<string, long>(StringComparer.Ordinal);

        await foreach (var response in reader.ReadAsync(request.Flows, cancellationToken).ConfigureAwait(false))
        {
            if (response.Flow is { } flow)
            {
                session.Observe(mapper.Map(flow, response.NodeName));
            }
            else if (response.LostEvents is { } lostEvents)
            {
                var source = lostEvents.Source.ToString();
                lost[source] = lost.GetValueOrDefault(source) + (long)lostEvents.NumEventsLost;
            }
        }

        var report = session.BuildReport(manifests.Policies, manifests.Cluster, request.Suggestions, request.Evaluation);
        var staging = request.Staged.Count == 0 ? StagedLoadResult.Empty : StagedManifestLoader.Load(request.Staged);
        var staged = request.Staged.Count == 0 ? null : StagedAnalyzer.Analyze(manifests.Policies, staging.Changes, session.ObservedAttempts, request.Evaluation);

        // Offline, the quiet window is the whole capture.
        var readiness = RolloutReadiness.Evaluate(
            manifests.Cluster.Namespaces.Keys.Concat(report.Denied.Select(e => e.Key.Namespace)),
            report.Denied.Where(e => e.Audited > 0).Select(e => e.Key.Namespace).ToHashSet(StringComparer.Ordinal),
            report,
            staged ?? StagedImpact.None,
            DateTimeOffset.MinValue);
        return new OfflineAuditResult(report, manifests, reader.Stats, lost) { Staging = staging, Staged = staged, Readiness = readiness };
    }
}
