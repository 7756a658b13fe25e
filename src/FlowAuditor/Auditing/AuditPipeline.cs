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
    /// <summary>
    /// Runs the audit. <paramref name="manifests"/> may still be loading: the events are opened and read ahead at
    /// once, so connecting to a server (or reading a capture) and parsing the manifests share the two cores instead
    /// of following each other; attribution starts when both are there.
    /// </summary>
    public static async Task<AuditResult> RunAsync(
        Task<ManifestLoadResult> manifests, IAsyncEnumerable<HubbleEvent> events, AuditSettings settings, Func<AuditInputCounts> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(input);
        var lost = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoded = DecodeAhead.Run(events, reading.Token).GetAsyncEnumerator(reading.Token);
        var first = decoded.MoveNextAsync().AsTask();
        try
        {
            // A manifest failure (an unreachable API server) is the one reported; the read is stopped below.
            var loaded = await manifests.ConfigureAwait(false);
            var evaluator = new PolicyEvaluator(loaded.Policies, settings.Evaluation);
            var session = new AuditSession(
                new FlowAttributor(evaluator, loaded.Cluster),
                new AuditOptions { ConnectionWindow = settings.ConnectionWindow });
            for (var more = await first.ConfigureAwait(false); more; more = await decoded.MoveNextAsync().ConfigureAwait(false))
            {
                var item = decoded.Current;
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

            return Finish(loaded, session, lost, settings, input);
        }
        finally
        {
            await StopAsync(decoded, first, reading).ConfigureAwait(false);
        }
    }

    // An async iterator cannot be disposed while a read is pending: a read still waiting (the audit failed before
    // its first event) is stopped and awaited first, and whatever it ends with gives way to the audit's own error.
    private static async Task StopAsync(IAsyncEnumerator<HubbleEvent> decoded, Task<bool> first, CancellationTokenSource reading)
    {
        if (!first.IsCompleted)
        {
            await reading.CancelAsync().ConfigureAwait(false);
            try
            {
                await first.ConfigureAwait(false);
            }
            catch (Exception) when (reading.IsCancellationRequested)
            {
                // The read just stopped, or failed on its own.
            }
        }

        await decoded.DisposeAsync().ConfigureAwait(false);
    }

    private static AuditResult Finish(
        ManifestLoadResult loaded, AuditSession session, SortedDictionary<string, long> lost, AuditSettings settings, Func<AuditInputCounts> input)
    {
        var report = session.BuildReport(loaded.Policies, loaded.Cluster, settings.Suggestions, settings.Evaluation);
        var staging = settings.Staged.Count == 0 ? StagedLoadResult.Empty : StagedManifestLoader.Load(settings.Staged);
        var staged = settings.Staged.Count == 0 ? null : StagedAnalyzer.Analyze(loaded.Policies, staging.Changes, session.ObservedAttempts, settings.Evaluation);

        // A one-shot audit has no wall clock to speak of: the quiet window is all the flows read.
        var readiness = RolloutReadiness.Evaluate(
            loaded.Cluster.Namespaces.Keys.Concat(report.Denied.Select(e => e.Key.Namespace)),
            report.Denied.Where(e => e.Audited > 0).Select(e => e.Key.Namespace).ToHashSet(StringComparer.Ordinal),
            report,
            staged ?? StagedImpact.None,
            DateTimeOffset.MinValue);
        return new AuditResult(report, loaded, input(), lost) { Staging = staging, Staged = staged, Readiness = readiness };
    }
}
