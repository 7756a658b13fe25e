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

    private readonly SnapshotPublisher _publisher;
    private readonly DirectoryFollower _follower;
    private readonly LastGoodFiles _lastGood = new();

    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DirectoryPolicySource(string directory, DirectoryPolicySourceOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<DirectoryPolicySource>();
        _publisher = new SnapshotPublisher(timeProvider, logger);
        _follower = new DirectoryFollower(directory, options, timeProvider, logger, Load, _publisher.Synced);
    }

    public PolicySnapshot Current => _publisher.Current;

    public bool IsReady => _publisher.IsReady;

    public PolicySourceStatus Status => _publisher.Status(SourceName);

    public event Action<PolicySnapshot>? SnapshotChanged
    {
        add => _publisher.Changed += value;
        remove => _publisher.Changed -= value;
    }

    public Task RunAsync(CancellationToken cancellationToken) => _follower.RunAsync(cancellationToken);

    /// <summary>Reloads when the directory's content differs from the last load; true when a snapshot was published.</summary>
    internal bool ReloadIfChanged() => _follower.ReloadIfChanged();

    private void Load(IReadOnlyList<ManifestFileContent> files, List<Diagnostic> listing)
    {
        var selection = _lastGood.Select(files);
        var result = ManifestLoader.LoadObjects(selection.Inputs);
        _publisher.Publish(result, [.. listing, .. selection.Diagnostics], ready: true, selection.Rejected);
    }
}
