using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>Log messages of the policy sources (source-generated: no formatting cost when the level is off).</summary>
internal static partial class WatchLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Resource}: {Count} objects at resource version {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of {Resource} ended at resource version {ResourceVersion} after {Events} events; reconnecting")]
    public static partial void WatchEnded(ILogger logger, string resource, string? resourceVersion, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resource version {ResourceVersion} of {Resource} expired (410 Gone); relisting")]
    public static partial void ResourceVersionExpired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} of {Resource} failed; retrying in {DelaySeconds:0.#} s")]
    public static partial void WatchFailed(ILogger logger, string resource, string operation, double delaySeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The list/watch of {Resource} has been failing for {Seconds:0} s (last error: {Reason}); policies from it may be out of date")]
    public static partial void WatchFailingLong(ILogger logger, string resource, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The list/watch of {Resource} works again after {Seconds:0} s of failures")]
    public static partial void WatchRecovered(ILogger logger, string resource, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an undecodable {Resource} watch event")]
    public static partial void EventUndecodable(ILogger logger, string resource, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRD {Crd} is not installed: {Kind} objects are not loaded; looking again every {Seconds:0.#} s")]
    public static partial void CrdMissing(ILogger logger, string crd, string kind, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "CRD {Crd} is now installed")]
    public static partial void CrdInstalled(ILogger logger, string crd);

    [LoggerMessage(Level = LogLevel.Information, Message = "No node name: pods are not watched, so named ports in policies do not resolve")]
    public static partial void PodsNotWatched(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy snapshot {Revision}: {Policies} policies, {Errors} rejected inputs")]
    public static partial void SnapshotPublished(ILogger logger, long revision, int policies, int errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the policy snapshot failed; the previous one stays current")]
    public static partial void RebuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A policy snapshot subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policies directory {Directory} changed; reloading")]
    public static partial void DirectoryChanged(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File-system events for {Directory} are unavailable; relying on the {Seconds:0.#} s poll")]
    public static partial void FileWatcherUnavailable(ILogger logger, string directory, double seconds, Exception exception);
}
