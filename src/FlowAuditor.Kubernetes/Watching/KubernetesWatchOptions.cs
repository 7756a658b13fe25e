namespace FlowAuditor.Kubernetes.Watching;

/// <summary>How <see cref="KubernetesPolicySource"/> watches the API. Checked by <see cref="Validate"/> when the source is built.</summary>
public sealed class KubernetesWatchOptions
{
    /// <summary>This node's name: only its pods are watched (for named ports). Unset: pods are not watched.</summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// Watch the pods of every node (for named ports), when flows come from every node (hubble-relay) and there is no
    /// single node to limit the watch to. Exclusive with <see cref="NodeName"/>.
    /// </summary>
    public bool AllPods { get; set; }

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>Each delay is scaled by a random factor in [1 − Jitter, 1 + Jitter] so a DaemonSet's pods don't retry in lockstep.</summary>
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>
    /// How often a CRD that is not installed (Cilium not yet deployed) is looked for again: one list per resource,
    /// cheap enough that a CRD installed later is picked up within a minute.
    /// </summary>
    public TimeSpan MissingCrdRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Server-side watch timeout; each watch asks for a random duration between this and twice this (as client-go
    /// does) so the watches of many agents don't all end, and reconnect, at once.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Changes arriving within this delay share one rebuild, so a relist of 1,000 objects gives one snapshot.</summary>
    public TimeSpan RebuildDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        Require(NodeName is null || NodeName.Length > 0, nameof(NodeName), "must not be empty (leave it unset to skip pods)");
        Require(!(AllPods && NodeName is not null), nameof(AllPods), "cannot be combined with NodeName");
        Require(InitialBackoff > TimeSpan.Zero, nameof(InitialBackoff), "must be positive");
        Require(MaxBackoff >= InitialBackoff, nameof(MaxBackoff), "must be at least InitialBackoff");
        Require(BackoffMultiplier >= 1, nameof(BackoffMultiplier), "must be at least 1");
        Require(BackoffJitter is >= 0 and < 1, nameof(BackoffJitter), "must be in [0, 1)");
        Require(MissingCrdRetryInterval > TimeSpan.Zero, nameof(MissingCrdRetryInterval), "must be positive");
        Require(WatchTimeout >= TimeSpan.FromSeconds(1), nameof(WatchTimeout), "must be at least 1 s (the API takes whole seconds)");
        Require(RebuildDelay >= TimeSpan.Zero, nameof(RebuildDelay), "must not be negative");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}", name);
        }
    }
}
