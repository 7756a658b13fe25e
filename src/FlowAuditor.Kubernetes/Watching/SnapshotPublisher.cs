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
    private HashSet<string> _rejected = new(StringComparer.Ordinal);
    private long _rejectedInputs;
    private long _lastSyncTicks;

    public event Action<PolicySnapshot>? Changed;

    public PolicySnapshot Current => Volatile.Read(ref _current);

    public bool IsReady => _ready;

    /// <summary>Marks a successful read of the source (a load, a poll that found nothing new, a watch event).</summary>
    public void Synced() => Interlocked.Exchange(ref _lastSyncTicks, timeProvider.GetUtcNow().UtcTicks);

    public PolicySourceStatus Status(string name)
    {
        var ticks = Interlocked.Read(ref _lastSyncTicks);
        return new PolicySourceStatus(name, Interlocked.Read(ref _rejectedInputs), ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    /// <summary>
    /// Publishes a new snapshot. <paramref name="rejected"/> names each input that failed to load by identity; one not
    /// rejected by the previous publish counts once in <see cref="PolicySourceStatus.RejectedInputs"/>.
    /// </summary>
    public PolicySnapshot Publish(ManifestLoadResult result, IEnumerable<Diagnostic> extraDiagnostics, bool ready, IEnumerable<string> rejected, StagedLoadResult? staged = null)
    {
        PolicySnapshot snapshot;
        lock (_gate)
        {
            var now = new HashSet<string>(rejected, StringComparer.Ordinal);
            Interlocked.Add(ref _rejectedInputs, now.Count(r => !_rejected.Contains(r)));
            _rejected = now;
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
