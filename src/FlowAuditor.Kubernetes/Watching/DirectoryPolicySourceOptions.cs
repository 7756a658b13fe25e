namespace FlowAuditor.Kubernetes.Watching;

/// <summary>How <see cref="DirectoryPolicySource"/> notices changes. Checked by <see cref="Validate"/> when the source is built.</summary>
public sealed class DirectoryPolicySourceOptions
{
    /// <summary>
    /// The directory is also re-read on this period and reloaded when its content differs: file-system events are
    /// missed on some volumes (a ConfigMap update is an atomic symlink swap; network file systems send none).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>File-system events arriving within this delay share one reload (an editor's save is several events).</summary>
    public TimeSpan RebuildDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Use a <see cref="FileSystemWatcher"/> for prompt reloads; the poll still runs as a fallback.</summary>
    public bool WatchFileSystem { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PollInterval)} must be positive", nameof(PollInterval));
        }

        if (RebuildDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(RebuildDelay)} must not be negative", nameof(RebuildDelay));
        }
    }
}
