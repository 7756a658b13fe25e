namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Counters of one watched resource, for metrics and the status API. Counts are totals since start;
/// <see cref="Objects"/> is the current number held.
/// </summary>
public sealed record ResourceWatchStatus(
    string Resource,
    ResourceSyncState State,
    int Objects,
    string? ResourceVersion,
    long Lists,
    long Relists,
    long WatchRestarts,
    long Bookmarks,
    long Errors);
