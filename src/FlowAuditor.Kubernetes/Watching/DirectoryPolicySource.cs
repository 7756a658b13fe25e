using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Policies from a manifests directory (<c>--policies-dir</c>, GitOps and offline use), reloaded when its content
/// changes: promptly on file-system events, and by a periodic poll that catches what events miss. A bad file yields
/// diagnostics while every valid object elsewhere still loads, and a file that loaded before keeps its last good
/// content until it loads again (<see cref="LastGoodFiles"/>). Ready after the first load.
/// </summary>
public sealed class DirectoryPolicySource : IPolicySource
{
    /// <summary>The <c>source</c> label of this source's metrics.</summary>
    public const string SourceName = "directory";

    private readonly ManifestDirectory _directory;
    private readonly DirectoryPolicySourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SnapshotPublisher _publisher;
    private readonly DebouncedSignal _changes;
    private readonly Lock _reloading = new();
    private readonly LastGoodFiles _lastGood = new();
    private string? _loadedFingerprint;

    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DirectoryPolicySource(string directory, DirectoryPolicySourceOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _directory = new ManifestDirectory(System.IO.Path.GetFullPath(directory));
        _options = options;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<DirectoryPolicySource>();
        _publisher = new SnapshotPublisher(timeProvider, _logger);
        _changes = new DebouncedSignal(options.RebuildDelay, timeProvider);
    }

    public PolicySnapshot Current => _publisher.Current;

    public bool IsReady => _publisher.IsReady;

    public PolicySourceStatus Status => _publisher.Status(SourceName);

    public event Action<PolicySnapshot>? SnapshotChanged
    {
        add => _publisher.Changed += value;
        remove => _publisher.Changed -= value;
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
                // The previous snapshot stays current; the next change or poll retries.
                WatchLog.RebuildFailed(_logger, e);
            }
        }
    }

    /// <summary>Reloads when the directory's content differs from the last load; true when a snapshot was published.</summary>
    internal bool ReloadIfChanged()
    {
        lock (_reloading)
        {
            var listing = new List<Diagnostic>();
            var files = _directory.Read(listing);
            var fingerprint = ManifestDirectory.Fingerprint(files);
            _publisher.Synced();
            if (fingerprint == _loadedFingerprint)
            {
                return false;
            }

            if (_loadedFingerprint is not null)
            {
                WatchLog.DirectoryChanged(_logger, _directory.Path);
            }

            var selection = _lastGood.Select(files);
            var result = ManifestLoader.LoadObjects(selection.Inputs);
            _publisher.Publish(result, [.. listing, .. selection.Diagnostics], ready: true, selection.Rejected);
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
