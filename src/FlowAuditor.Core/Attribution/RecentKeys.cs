namespace FlowAuditor.Core.Attribution;

/// <summary>
/// Connection attempts by key, by flow time (so replays are deterministic). An attempt is anchored at its first
/// event: events within <see cref="Window"/> of that anchor belong to it, the first event at or past it starts a new
/// attempt. The anchor never slides, so a key that repeats without pause still counts one attempt per window (a
/// sliding window would fold a steady stream into a single attempt forever). Keys idle for <see cref="IdleLimit"/>
/// of flow time are dropped once per that much flow time, so a long capture or stream of new connections does not sit
/// at the table's bound. The limit is generous (two windows, and at least 15 minutes) because input can go back in
/// time: flows from nodes whose clocks differ, or two overlapping `hubble observe` captures joined into one file,
/// whose repeated events must still fold into the attempts they belong to. Bounded: past the bound, keys not seen
/// within the window are forgotten, and if that frees too little, everything is (counts may then repeat).
/// </summary>
public sealed class RecentKeys<TKey>
    where TKey : notnull
{
    private static readonly TimeSpan MinIdleLimit = TimeSpan.FromMinutes(15);

    private readonly Dictionary<TKey, Seen> _seen = [];
    private readonly int _maxEntries;
    private DateTimeOffset _latest;
    private DateTimeOffset _lastIdleSweep;

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

    /// <summary>How long a key may be idle, behind the newest flow time, before it is dropped.</summary>
    public TimeSpan IdleLimit => TimeSpan.FromTicks(Math.Max(2 * Window.Ticks, MinIdleLimit.Ticks));

    /// <summary>
    /// Records <paramref name="key"/> at <paramref name="time"/>; true if it starts a new attempt (the key's current
    /// attempt began a window or more away from <paramref name="time"/>, or there is none).
    /// </summary>
    public bool Touch(TKey key, DateTimeOffset time)
    {
        if (time > _latest)
        {
            _latest = time;
        }

        var isNew = !_seen.TryGetValue(key, out var seen) || (time - seen.Anchor).Duration() >= Window;
        _seen[key] = isNew
            ? new Seen(time, time)
            : new Seen(seen.Anchor, time > seen.Last ? time : seen.Last);
        if (_seen.Count > _maxEntries)
        {
            Sweep();
        }
        else if (_latest - _lastIdleSweep >= IdleLimit)
        {
            RemoveIdleFor(IdleLimit);
            _lastIdleSweep = _latest;
        }

        return isNew;
    }

    /// <summary>True if <paramref name="key"/> had an event less than a window away from <paramref name="time"/>.</summary>
    public bool SeenWithin(TKey key, DateTimeOffset time) =>
        _seen.TryGetValue(key, out var seen) && (time - seen.Last).Duration() < Window;

    /// <summary>
    /// The keys with an event less than a window before the latest time seen, with their attempt's anchor: what a
    /// restart must carry on so that the retransmits of an open attempt stay part of it.
    /// </summary>
    public IEnumerable<(TKey Key, DateTimeOffset Anchor, DateTimeOffset Last)> Open()
    {
        foreach (var (key, seen) in _seen)
        {
            if (_latest - seen.Last < Window)
            {
                yield return (key, seen.Anchor, seen.Last);
            }
        }
    }

    /// <summary>Brings back a window stored by <see cref="Open"/> (before any event is touched).</summary>
    public void Restore(TKey key, DateTimeOffset anchor, DateTimeOffset last)
    {
        _seen[key] = new Seen(anchor, last);
        if (last > _latest)
        {
            _latest = last;
        }
    }

    /// <summary>How many keys are held now.</summary>
    public int Count => _seen.Count;

    private void Sweep()
    {
        RemoveIdleFor(Window);
        if (_seen.Count > _maxEntries * 9 / 10)
        {
            _seen.Clear();
        }
    }

    private void RemoveIdleFor(TimeSpan idle)
    {
        // Removing while enumerating is allowed for Dictionary (since .NET Core 3.0): no copy of the table.
        foreach (var (key, seen) in _seen)
        {
            if (_latest - seen.Last >= idle)
            {
                _seen.Remove(key);
            }
        }
    }

    private readonly record struct Seen(DateTimeOffset Anchor, DateTimeOffset Last);
}
