using FlowAuditor.Kubernetes.Manifests.Staging;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Staged policy changes from a directory (<c>run --staged-dir</c>), reloaded like <see cref="DirectoryPolicySource"/>:
/// on file-system events and by a periodic poll. A bad file yields diagnostics; the rest still loads.
/// </summary>
public sealed class StagedDirectorySource
{
    private readonly DirectoryFollower _follower;
    private StagedLoadResult _current = StagedLoadResult.Empty;

    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public StagedDirectorySource(string directory, DirectoryPolicySourceOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _follower = new DirectoryFollower(directory, options, timeProvider, loggerFactory.CreateLogger<StagedDirectorySource>(), Load);
    }

    /// <summary>The latest load; empty until the first.</summary>
    public StagedLoadResult Current => Volatile.Read(ref _current);

    /// <summary>Raised after each load, on the source's own task.</summary>
    public event Action<StagedLoadResult>? Changed;

    public Task RunAsync(CancellationToken cancellationToken) => _follower.RunAsync(cancellationToken);

    private void Load(IReadOnlyList<ManifestFileContent> files, List<Core.Diagnostics.Diagnostic> listing)
    {
        foreach (var unreadable in files.Where(f => f.Text is null))
        {
            listing.Add(new Core.Diagnostics.Diagnostic(Core.Diagnostics.Severity.Error, $"cannot read: {unreadable.ReadError}") { File = unreadable.Path });
        }

        var loaded = StagedManifestLoader.LoadObjects(files.Where(f => f.Text is not null).Select(f => (f.Path, f.Text!)));
        var result = new StagedLoadResult(loaded.Changes, [.. listing, .. loaded.Diagnostics]);
        Volatile.Write(ref _current, result);
        Changed?.Invoke(result);
    }
}
