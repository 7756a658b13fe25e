using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Keeps a local copy of one resource: list (remember the resource version), then watch from that version with
/// bookmarks (which advance it), reconnect from the last version when a watch ends, relist when the version has
/// expired (410 Gone), and back off exponentially on errors. A custom resource whose CRD is not installed (404) is
/// reported and looked for again slowly; it does not hold back readiness.
/// </summary>
internal sealed class ResourceInformer(
    WatchedResource resource,
    IKubernetes client,
    KubernetesWatchOptions options,
    Func<double> random,
    TimeProvider timeProvider,
    ILogger logger,
    Action changed)
{
    private readonly ObjectStore _store = new();
    private readonly RetryBackoff _backoff = new(options, random);
    private volatile ResourceSyncState _state;
    private volatile string? _resourceVersion;
    private volatile bool _hasSynced;
    private long _lists;
    private long _relists;
    private long _watchRestarts;
    private long _bookmarks;
    private long _errors;
    private long _failingSinceTicks;
    private bool _reportedLongFailure;

    /// <summary>A watch failing for longer than this is logged once, then again when it recovers.</summary>
    public static readonly TimeSpan LongFailure = TimeSpan.FromMinutes(1);

    public WatchedResource Resource => resource;

    /// <summary>True once the first list completed or the CRD was found missing; stays true.</summary>
    public bool HasSynced => _hasSynced;

    public ResourceSyncState State => _state;

    /// <summary>When the list/watch started failing without a success since; null while it works.</summary>
    public DateTimeOffset? FailingSince
    {
        get
        {
            var ticks = Interlocked.Read(ref _failingSinceTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public IReadOnlyList<WatchedObject> Objects() => _store.Snapshot();

    public ResourceWatchStatus Status() => new(
        resource.Name,
        _state,
        _store.Count,
        _resourceVersion,
        Interlocked.Read(ref _lists),
        Interlocked.Read(ref _relists),
        Interlocked.Read(ref _watchRestarts),
        Interlocked.Read(ref _bookmarks),
        Interlocked.Read(ref _errors));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }

                var events = await WatchAsync(cancellationToken).ConfigureAwait(false);
                Succeeded();
                Interlocked.Increment(ref _watchRestarts);
                WatchLog.WatchEnded(logger, resource.Name, _resourceVersion, events);
                if (events == 0)
                {
                    // A watch that ends without delivering anything again and again (a proxy cutting idle streams)
                    // must not become a busy loop; one that made progress reconnects at once.
                    await Task.Delay(_backoff.Next(), timeProvider, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    _backoff.Reset();
                }
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Stopping aborts the open request, which the HTTP stack may report as a transport error.
                throw new OperationCanceledException("stopped", e, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsStatus(e, HttpStatusCode.Gone))
            {
                // The version is older than the server's history (an ERROR event or HTTP 410): only a list can resync.
                needList = true;
                Interlocked.Increment(ref _relists);
                WatchLog.ResourceVersionExpired(logger, resource.Name, _resourceVersion);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && resource.IsCustomResource && IsStatus(e, HttpStatusCode.NotFound))
            {
                needList = true;
                MarkCrdMissing();
                await Task.Delay(options.MissingCrdRetryInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _errors);
                var delay = _backoff.Next();
                WatchLog.WatchFailed(logger, resource.Name, needList ? "list" : "watch", delay.TotalSeconds, e);
                Failed(e);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await resource.List(client, cancellationToken).ConfigureAwait(false);
        var objects = new List<WatchedObject>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (Decode(item) is { } o)
            {
                objects.Add(o);
            }
        }

        var contentChanged = _store.Replace(objects);
        _resourceVersion = list.ResourceVersion;
        Interlocked.Increment(ref _lists);
        if (_state == ResourceSyncState.CrdMissing)
        {
            WatchLog.CrdInstalled(logger, resource.CrdName);
        }

        var stateChanged = _state != ResourceSyncState.Synced;
        _state = ResourceSyncState.Synced;
        _hasSynced = true;
        _backoff.Reset();
        Succeeded();
        WatchLog.Listed(logger, resource.Name, objects.Count, list.ResourceVersion);
        if (contentChanged || stateChanged)
        {
            changed();
        }
    }

    /// <summary>One watch call until the server ends it; returns how many events it delivered, throws on an ERROR event.</summary>
    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? ended = null;
        var events = 0;
        var timeout = (int)Math.Ceiling(options.WatchTimeout.TotalSeconds * (1 + random()));
        var request = new WatchRequest(_resourceVersion ?? string.Empty, timeout, OnError);
        try
        {
            await foreach (var (type, item) in resource.Watch(client, request, watch.Token).WithCancellation(watch.Token).ConfigureAwait(false))
            {
                events++;
                Apply(type, item);
            }
        }
        catch (OperationCanceledException) when (ended is not null && !cancellationToken.IsCancellationRequested)
        {
            // Cancelled by OnError below: the server sent an ERROR status and ends the stream.
        }

        return ended is null ? events : throw new KubernetesException($"{resource.Name}: watch error: {ended.Message}", ended);

        void OnError(Exception e)
        {
            if (e is KubernetesException)
            {
                // An ERROR event carries a Status (410 Gone, 500); the API server closes the watch after it, so stop
                // reading now rather than wait for the close.
                ended ??= e;
                watch.Cancel();
                return;
            }

            // A line that does not decode loses that one event; the next relist repairs the copy.
            Interlocked.Increment(ref _errors);
            WatchLog.EventUndecodable(logger, resource.Name, e);
        }
    }

    private void Apply(WatchEventType type, System.Text.Json.Nodes.JsonNode? item)
    {
        Succeeded();
        switch (type)
        {
            case WatchEventType.Bookmark:
                // A bookmark only moves the version forward, so a reconnect need not replay (or relist) what was seen.
                _resourceVersion = WatchedObject.ResourceVersionOf(item) ?? _resourceVersion;
                Interlocked.Increment(ref _bookmarks);
                return;
            case WatchEventType.Added or WatchEventType.Modified:
                if (Decode(item) is { } o)
                {
                    _resourceVersion = o.ResourceVersion.Length > 0 ? o.ResourceVersion : _resourceVersion;
                    if (_store.Upsert(o))
                    {
                        changed();
                    }
                }

                return;
            case WatchEventType.Deleted:
                if (Decode(item) is { } gone)
                {
                    _resourceVersion = gone.ResourceVersion.Length > 0 ? gone.ResourceVersion : _resourceVersion;
                    if (_store.Remove(gone.Key))
                    {
                        changed();
                    }
                }

                return;
            default:
                throw new KubernetesException($"{resource.Name}: unexpected watch event {type}");
        }
    }

    private WatchedObject? Decode(System.Text.Json.Nodes.JsonNode? item)
    {
        try
        {
            return WatchedObject.From(item, resource);
        }
        catch (FormatException e)
        {
            Interlocked.Increment(ref _errors);
            WatchLog.EventUndecodable(logger, resource.Name, e);
            return null;
        }
    }

    private void Succeeded()
    {
        if (Interlocked.Exchange(ref _failingSinceTicks, 0) is not 0 and var since && _reportedLongFailure)
        {
            _reportedLongFailure = false;
            WatchLog.WatchRecovered(logger, resource.Name, (timeProvider.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero)).TotalSeconds);
        }
    }

    private void Failed(Exception e)
    {
        var now = timeProvider.GetUtcNow();
        Interlocked.CompareExchange(ref _failingSinceTicks, now.UtcTicks, 0);
        var failing = now - FailingSince!.Value;
        if (failing > LongFailure && !_reportedLongFailure)
        {
            // One line an operator can alert on, instead of a retry warning among many.
            _reportedLongFailure = true;
            WatchLog.WatchFailingLong(logger, resource.Name, failing.TotalSeconds, e.Message);
        }
    }

    private void MarkCrdMissing()
    {
        var wasMissing = _state == ResourceSyncState.CrdMissing;
        _state = ResourceSyncState.CrdMissing;
        _hasSynced = true;
        var hadObjects = _store.Clear();
        if (!wasMissing)
        {
            WatchLog.CrdMissing(logger, resource.CrdName, resource.Kind, options.MissingCrdRetryInterval.TotalSeconds);
            changed();
        }
        else if (hadObjects)
        {
            changed();
        }
    }

    private static bool IsStatus(Exception e, HttpStatusCode code) => e switch
    {
        HttpOperationException http => http.Response?.StatusCode == code,
        KubernetesException { Status.Code: { } status } => status == (int)code,
        KubernetesException { InnerException: { } inner } => IsStatus(inner, code),
        _ => false,
    };
}
