namespace FlowAuditor.Daemon.Http;

/// <summary>
/// The last rendered <c>/api/v1/report</c>, reused for up to <see cref="MaxAge"/> while the policy revision and the
/// restore state are unchanged. A report costs a suggestion and verification pass; without the cache, a dashboard or
/// script polling it ten times a second took a third of a two-core node's ingestion. One build at a time: readers
/// that arrive during a build wait for it and share its result.
/// </summary>
internal sealed class ReportCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _building = new();
    private Entry? _last;

    public byte[] Get(long policyRevision, bool restoring, Func<byte[]> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (_building)
        {
            if (_last is { } last && last.PolicyRevision == policyRevision && last.Restoring == restoring && time.GetElapsedTime(last.BuiltAt) < MaxAge)
            {
                return last.Body;
            }

            var builtAt = time.GetTimestamp();
            var body = build();
            _last = new Entry(policyRevision, restoring, builtAt, body);
            return body;
        }
    }

    private sealed record Entry(long PolicyRevision, bool Restoring, long BuiltAt, byte[] Body);
}
