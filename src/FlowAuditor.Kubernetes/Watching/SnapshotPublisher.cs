using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Manifests.Staging;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Turns load results into numbered immutable snapshots and tells subscribers; shared by both policy sources so
/// revisions and readiness mean the same thing whichever feeds the daemon.
/// </summary>
internal sealed class SnapshotPublisher(TimeProvider timeProvider, ILogger logger)
{
    private readonly Lock _gate = new();
    private PolicySnapshot _current = PolicySnapshot.Empty;
    private volatile bool _ready;

    public event Action<PolicySnapshot>? Changed;

    public PolicySnapshot Current => Volatile.Read(ref _current);

    public bool IsReady => _ready;

    public PolicySnapshot Publish(ManifestLoadResult result, IEnumerable<Diagnostic> extraDiagnostics, bool ready, StagedLoadResult? staged = null)
    {
        PolicySnapshot snapshot;
        lock (_gate)
        {
            var revision = _current.Revision + 1;
            snapshot = new PolicySnapshot(
                revision,
                result.Policies.WithRevision(revision),
                result.Cluster,
                [.. result.Diagnostics, .. extraDiagnostics],
                timeProvider.GetUtcNow())
            {
                Staged = staged ?? StagedLoadResult.Empty,
            };
            Volatile.Write(ref _current, snapshot);

            // Ready is set before subscribers run so the handler of the first full snapshot sees it.
            _ready |= ready;
        }

        WatchLog.SnapshotPublished(logger, snapshot.Revision, snapshot.Policies.Policies.Count, snapshot.Diagnostics.Count(d => d.Severity == Severity.Error));
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<PolicySnapshot>>() ?? [])
        {
            // One failing subscriber must neither stop the others nor kill the source's loop.
            try
            {
                handler(snapshot);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                WatchLog.SubscriberFailed(logger, e);
            }
        }

        return snapshot;
    }
}
