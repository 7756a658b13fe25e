namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Where the daemon's policies come from: the Kubernetes API (<see cref="KubernetesPolicySource"/>) or a manifests
/// directory (<see cref="DirectoryPolicySource"/>). Every change produces a new immutable <see cref="PolicySnapshot"/>.
/// </summary>
public interface IPolicySource
{
    /// <summary>The latest snapshot; <see cref="PolicySnapshot.Empty"/> (revision 0) until the first load.</summary>
    PolicySnapshot Current { get; }

    /// <summary>True once the first complete load (every resource listed) has been published.</summary>
    bool IsReady { get; }

    /// <summary>Rejected inputs and the time of the last successful sync, for metrics.</summary>
    PolicySourceStatus Status { get; }

    /// <summary>Raised after <see cref="Current"/> and <see cref="IsReady"/> change, on the source's own task.</summary>
    event Action<PolicySnapshot>? SnapshotChanged;

    /// <summary>Loads, then follows changes until <paramref name="cancellationToken"/> is cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
