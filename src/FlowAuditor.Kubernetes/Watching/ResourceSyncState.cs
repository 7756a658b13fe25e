namespace FlowAuditor.Kubernetes.Watching;

/// <summary>Where one watched resource stands.</summary>
public enum ResourceSyncState
{
    /// <summary>Not listed yet (first list pending or failing).</summary>
    Starting,

    /// <summary>Listed; changes are followed by a watch.</summary>
    Synced,

    /// <summary>The CRD is not installed (404); looked for again periodically. Does not hold back readiness.</summary>
    CrdMissing,
}
