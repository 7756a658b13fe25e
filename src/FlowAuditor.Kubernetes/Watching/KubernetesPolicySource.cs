using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Manifests.Staging;
using k8s;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Policies and cluster state from the Kubernetes API: NetworkPolicies, CiliumNetworkPolicies,
/// CiliumClusterwideNetworkPolicies, Namespaces (labels), this node's Pods, or every node's in relay mode (named
/// ports), and StagedPolicies (measured, never enforced: <see cref="PolicySnapshot.Staged"/>), each followed by a
/// <see cref="ResourceInformer"/>. Changes are coalesced and every rebuild hands all held objects to the manifest
/// loader, producing a new snapshot. Ready once every resource has been listed (or its CRD found missing).
/// </summary>
public sealed class KubernetesPolicySource : IPolicySource
{
    /// <summary>How diagnostics name where an object came from (the object itself is named in <see cref="Diagnostic.Object"/>).</summary>
    public const string DiagnosticSource = "kubernetes-api";

    /// <summary>The <c>source</c> label of this source's metrics.</summary>
    public const string SourceName = "kubernetes";

    private readonly IReadOnlyList<ResourceInformer> _informers;
    private readonly SnapshotPublisher _publisher;
    private readonly DebouncedSignal _changes;
    private readonly bool _podsWatched;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public KubernetesPolicySource(IKubernetes client, KubernetesWatchOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(client, options, loggerFactory, timeProvider, Random.Shared.NextDouble)
    {
    }

    internal KubernetesPolicySource(IKubernetes client, KubernetesWatchOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _logger = loggerFactory.CreateLogger<KubernetesPolicySource>();
        _publisher = new SnapshotPublisher(timeProvider, _logger);
        _changes = new DebouncedSignal(options.RebuildDelay, timeProvider);
        _timeProvider = timeProvider;
        _podsWatched = options.NodeName is not null || options.AllPods;
        WatchedResource[] resources =
        [
            WatchedResources.Namespaces,
            WatchedResources.NetworkPolicies,
            WatchedResources.CiliumNetworkPolicies,
            WatchedResources.CiliumClusterwideNetworkPolicies,
            WatchedResources.StagedPolicies,
            .. options.NodeName is { } node ? [WatchedResources.PodsOnNode(node)]
                : options.AllPods ? [WatchedResources.AllPods] : Array.Empty<WatchedResource>(),
        ];
        var informerLogger = loggerFactory.CreateLogger<ResourceInformer>();
        _informers = [.. resources.Select(r => new ResourceInformer(r, client, options, random, timeProvider, informerLogger, _changes.Raise))];
    }

    public PolicySnapshot Current => _publisher.Current;

    public bool IsReady => _publisher.IsReady;

    /// <summary>
    /// Last sync: now while every resource is synced and its list/watch works; else when the first still-failing one
    /// started failing (null before the first full sync). So <c>time() - last_sync</c> is how long the copy may be stale.
    /// </summary>
    public PolicySourceStatus Status
    {
        get
        {
            var rejected = _publisher.Status(SourceName).RejectedInputs;
            if (!_informers.All(i => i.HasSynced))
            {
                return new PolicySourceStatus(SourceName, rejected, null);
            }

            var failing = _informers.Select(i => i.FailingSince).Where(t => t is not null).Min();
            return new PolicySourceStatus(SourceName, rejected, failing ?? _timeProvider.GetUtcNow());
        }
    }

    public event Action<PolicySnapshot>? SnapshotChanged
    {
        add => _publisher.Changed += value;
        remove => _publisher.Changed -= value;
    }

    /// <summary>Per-resource state and counters (lists, relists, watch restarts, bookmarks, errors, objects), for metrics.</summary>
    public IReadOnlyList<ResourceWatchStatus> Resources => [.. _informers.Select(i => i.Status())];

    /// <summary>Custom resources whose CRD is not installed right now, by CRD name.</summary>
    public IReadOnlyList<string> MissingCrds =>
        [.. _informers.Where(i => i.State == ResourceSyncState.CrdMissing).Select(i => i.Resource.CrdName)];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_podsWatched)
        {
            WatchLog.PodsNotWatched(_logger);
        }

        // The informers and the rebuild loop only end by cancellation; if one fails anyway, the others are stopped
        // and the failure surfaces to the daemon rather than leaving a half-working source.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] tasks = [.. _informers.Select(i => i.RunAsync(stop.Token)), RebuildLoopAsync(stop.Token)];
        await Task.WhenAny(tasks).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Any(t => t.IsFaulted) || cancellationToken.IsCancellationRequested)
        {
            // Sorted out below: a stop is a stop, whatever the aborted requests reported on the way.
        }

        cancellationToken.ThrowIfCancellationRequested();
        var failed = tasks.FirstOrDefault(t => t.IsFaulted) ?? throw new InvalidOperationException("the policy source's loops ended without a cause");
        await failed.ConfigureAwait(false);
    }

    private async Task RebuildLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);

            // The first snapshot is a complete one: nothing is published while any resource is still unlisted.
            if (!_informers.All(i => i.HasSynced))
            {
                continue;
            }

            try
            {
                Rebuild();
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                // A translation bug on one odd object must not stop the source cluster-wide: the previous snapshot
                // stays current, and the next change retries.
                WatchLog.RebuildFailed(_logger, e);
            }
        }
    }

    internal PolicySnapshot Rebuild()
    {
        // StagedPolicy objects are measured, never enforced: they go to the staged loader, not into the policies.
        var staging = _informers.Where(i => i.Resource == WatchedResources.StagedPolicies).ToList();
        var objects = _informers.Except(staging).SelectMany(i => i.Objects()).Select(o => (DiagnosticSource, o.Json));
        var result = ManifestLoader.LoadObjects(objects);
        var staged = StagedManifestLoader.LoadObjects(staging.SelectMany(i => i.Objects()).Select(o => (DiagnosticSource, o.Json)));
        var diagnostics = result.Diagnostics.Select(WithoutLine).ToList();
        var rejected = diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Object}#{d.Field}#{d.Message}");
        return _publisher.Publish(
            result with { Diagnostics = diagnostics },
            [.. SourceDiagnostics(), .. staged.Diagnostics.Select(WithoutLine)],
            ready: true,
            rejected,
            staged);
    }

    // Each object is one JSON line of our own making; a line number in it would mean nothing to the reader.
    private static Diagnostic WithoutLine(Diagnostic d) => d.File == DiagnosticSource ? d with { Line = null } : d;

    private IEnumerable<Diagnostic> SourceDiagnostics()
    {
        foreach (var informer in _informers.Where(i => i.State == ResourceSyncState.CrdMissing))
        {
            yield return new Diagnostic(Severity.Warning, $"CRD is not installed; {informer.Resource.Kind} objects are not loaded until it is")
            {
                File = DiagnosticSource,
                Object = $"CustomResourceDefinition {informer.Resource.CrdName}",
            };
        }

        if (!_podsWatched)
        {
            yield return new Diagnostic(Severity.Info, "no node name given: pods are not watched, so named ports in policies do not resolve")
            {
                File = DiagnosticSource,
            };
        }
    }
}
