namespace FlowAuditor.Core.Attribution;

/// <summary>
/// Keys seen within a time window, by flow time (so replays are deterministic). Bounded: past the bound, keys older
/// than the window are forgotten, and if that frees too little, everything is (counts may then repeat).
/// </summary>
public sealed class RecentKeys<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, DateTimeOffset> _lastSeen = [];
    private readonly int _maxEntries;
    private DateTimeOffset _latest;

    public RecentKeys(TimeSpan window, int maxEntries = 200_000)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive.");
        }

        Window = window;
        _maxEntries = maxEntries;
    }

    public TimeSpan Window { get; }

    /// <summary>Records <paramref name="key"/> at <paramref name="time"/>; true if it was not seen within the window before.</summary>
    public bool Touch(TKey key, DateTimeOffset time)
    {
        if (time > _latest)
        {
            _latest = time;
        }

        var isNew = !SeenWithin(key, time);
        _lastSeen[key] = time;
        if (_lastSeen.Count > _maxEntries)
        {
            Sweep();
        }

        return isNew;
    }

    public bool SeenWithin(TKey key, DateTimeOffset time) =>
        _lastSeen.TryGetValue(key, out var last) && (time - last).Duration() <= Window;

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
