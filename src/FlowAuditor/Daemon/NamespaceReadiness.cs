using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon;

/// <summary>
/// Tracks, per namespace, the last AUDIT verdict: a namespace is ready to move from audit to enforce once it has
/// been observed for the quiet window without any. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class NamespaceReadiness
{
    private readonly Dictionary<string, DateTimeOffset> _lastAudit = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;

    public NamespaceReadiness(TimeProvider time, TimeSpan quietWindow)
    {
        _time = time;
        _started = time.GetUtcNow();
        QuietWindow = quietWindow;
    }

    public TimeSpan QuietWindow { get; }

    public void Seen(string? ns)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return;
        }

        lock (_lock)
        {
            _seen.Add(ns);
        }
    }

    /// <summary>Records an AUDIT verdict at processing time (flow times may be replayed or skewed).</summary>
    public void Audited(string? ns)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return;
        }

        lock (_lock)
        {
            _seen.Add(ns);
            _lastAudit[ns] = _time.GetUtcNow();
        }
    }

    public IReadOnlyList<NamespaceStatus> Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _seen.Order(StringComparer.Ordinal).Select(ns =>
            {
                var since = _lastAudit.TryGetValue(ns, out var last) ? now - last : now - _started;
                return new NamespaceStatus(ns, _lastAudit.ContainsKey(ns) ? last : null, since, since >= QuietWindow);
            })];
        }
    }
}

