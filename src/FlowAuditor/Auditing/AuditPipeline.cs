using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Auditing;

/// <summary>
/// The audit itself, shared by files and live servers: every flow of <paramref name="records"/> through the
/// attribution session against one set of policies, lost events counted by source, then the report.
/// </summary>
internal static class AuditPipeline
{
    public static async Task<(AuditReport Report, IReadOnlyDictionary<string, long> LostEventsBySource)> RunAsync(
        ManifestLoadResult manifests, IAsyncEnumerable<GetFlowsResponse> records, AuditSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(settings);
        var evaluator = new PolicyEvaluator(manifests.Policies, settings.Evaluation);
        var session = new AuditSession(
            new FlowAttributor(evaluator, manifests.Cluster),
            new AuditOptions { ConnectionWindow = settings.ConnectionWindow });
        var mapper = new FlowRecordMapper();
        var lost = new SortedDictionary<string, long>(StringComparer.Ordinal);

        await foreach (var response in records.WithCancellation(cancellationToken).ConfigureAwait(false))
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

        var report = session.BuildReport(manifests.Policies, manifests.Cluster, settings.Suggestions, settings.Evaluation);
        return (report, lost);
    }
}
