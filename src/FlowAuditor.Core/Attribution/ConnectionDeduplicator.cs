using FlowAuditor.Core.Flows;

namespace FlowAuditor.Core.Attribution;

/// <summary>
/// Counts connection attempts, not events. One denied attempt yields a policy-verdict event and usually a drop event,
/// and every retransmitted SYN repeats both; all share the 5-tuple. Events of the same class and 5-tuple within
/// <see cref="Window"/> of the previous one are the same attempt. Uses flow time, so replays are deterministic.
/// </summary>
public sealed class ConnectionDeduplicator
{
    private readonly Dictionary<(ConnectionKey Key, FlowClass Class), DateTimeOffset> _lastSeen = [];
    private readonly int _maxEntries;
    private DateTimeOffset _latest;

    public ConnectionDeduplicator(TimeSpan window, int maxEntries = 200_000)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The de-duplication window must be positive.");
        }

        Window = window;
        _maxEntries = maxEntries;
    }

    public TimeSpan Window { get; }

    /// <summary>True for the first event of a connection attempt; false for its repeats.</summary>
    public bool IsNewConnection(FlowRecord flow, FlowClass flowClass)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Time > _latest)
        {
            _latest = flow.Time;
        }

        var key = (ConnectionKey.Of(flow), flowClass);
        var isNew = !_lastSeen.TryGetValue(key, out var last) || (flow.Time - last).Duration() > Window;
        _lastSeen[key] = flow.Time;
        if (_lastSeen.Count > _maxEntries)
        {
            Sweep();
        }

        return isNew;
    }

    // Forget attempts older than the window; if that frees too little, forget everything (counts may then repeat).
    private void Sweep()
    {
        foreach (var (key, seen) in _lastSeen.ToList())
        {
            if (_latest - seen > Window)
            {
                _lastSeen.Remove(key);
            }
        }

        if (_lastSeen.Count > _maxEntries * 9 / 10)
        {
            _lastSeen.Clear();
        }
    }
}
