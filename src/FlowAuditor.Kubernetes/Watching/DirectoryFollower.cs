using FlowAuditor.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Follows a manifests directory: loads it, then reloads when its content changes, promptly on file-system events
/// and by a periodic poll that catches what events miss. Shared by the policies directory and the staged directory.
/// </summary>
internal sealed class DirectoryFollower
{
    private readonly ManifestDirectory _directory;
    private readonly DirectoryPolicySourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<IReadOnlyList<ManifestFileContent>, List<Diagnostic>> _load;
    private readonly Action? _read;
    private readonly DebouncedSignal _changes;
    private readonly Lock _reloading = new();
    private string? _loadedFingerprint;

    /// <param name="load">Loads the directory's files as read; the list collects problems with the listing itself.</param>
    /// <param name="read">Called after every successful read of the directory, changed or not (the source's last sync).</param>
    public DirectoryFollower(
        string directory, DirectoryPolicySourceOptions options, TimeProvider timeProvider, ILogger logger, Action<IReadOnlyList<ManifestFileContent>, List<Diagnostic>> load, Action? read = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _directory = new ManifestDirectory(System.IO.Path.GetFullPath(directory));
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _load = load;
        _read = read;
        _changes = new DebouncedSignal(options.RebuildDelay, timeProvider);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ReloadIfChanged();
        using var watcher = _options.WatchFileSystem ? StartWatcher() : null;
        using var poll = _timeProvider.CreateTimer(_ => _changes.Raise(), null, _options.PollInterval, _options.PollInterval);
        while (true)
        {
            await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ReloadIfChanged();
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                // The previous load stays current; the next change or poll retries.
                WatchLog.RebuildFailed(_logger, e);
            }
        }
    }

    /// <summary>Reloads when the directory's content differs from the last load; true when it did.</summary>
    public bool ReloadIfChanged()
    {
        lock (_reloading)
        {
            var listing = new List<Diagnostic>();
            var files = _directory.Read(listing);
            var fingerprint = ManifestDirectory.Fingerprint(files);
            _read?.Invoke();
            if (fingerprint == _loadedFingerprint)
            {
                return false;
            }

            if (_loadedFingerprint is not null)
            {
                WatchLog.DirectoryChanged(_logger, _directory.Path);
            }

            _load(files, listing);
            _loadedFingerprint = fingerprint;
            return true;
        }
    }

    private FileSystemWatcher? StartWatcher()
    {
        try
        {
            var watcher = new FileSystemWatcher(_directory.Path) { IncludeSubdirectories = true };
            watcher.Changed += (_, _) => _changes.Raise();
            watcher.Created += (_, _) => _changes.Raise();
            watcher.Deleted += (_, _) => _changes.Raise();
            watcher.Renamed += (_, _) => _changes.Raise();
            watcher.Error += (_, _) => _changes.Raise();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // No inotify instances left, or a missing directory: the poll still notices changes.
            WatchLog.FileWatcherUnavailable(_logger, _directory.Path, _options.PollInterval.TotalSeconds, e);
            return null;
        }
    }
}
