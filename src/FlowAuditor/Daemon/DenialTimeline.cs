namespace FlowAuditor.Daemon;

/// <summary>
/// Denied connection attempts per namespace and minute, for the page's chart: the last <see cref="Minutes"/> minutes
/// in memory only (a ring of counters per namespace). The pipeline adds one count per denial under a short lock, so
/// the hot path stays a dictionary lookup and an increment. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DenialTimeline(TimeProvider time)
{
    public const int Minutes = 60;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Ring> _byNamespace = new(StringComparer.Ordinal);

    public void Denied(string ns)
    {
        var minute = MinuteOf(time.GetUtcNow());
        lock (_lock)
        {
            if (!_byNamespace.TryGetValue(ns, out var ring))
            {
                ring = new Ring();
                _byNamespace[ns] = ring;
            }

            ring.Add(minute);
        }
    }

    /// <summary>Per namespace, the counts of the last <see cref="Minutes"/> minutes, oldest first, ending with the current minute.</summary>
    public DenialSeries Snapshot()
    {
        var now = MinuteOf(time.GetUtcNow());
        var series = new List<(string Namespace, long[] Counts)>();
        lock (_lock)
        {
            foreach (var (ns, ring) in _byNamespace)
            {
                series.Add((ns, ring.Window(now)));
            }
        }

        series.Sort((a, b) => string.CompareOrdinal(a.Namespace, b.Namespace));
        return new DenialSeries(DateTimeOffset.FromUnixTimeSeconds((now - Minutes + 1) * 60), series);
    }

    private static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    /// <summary>One counter per minute slot; a slot is reset when its minute comes round again.</summary>
    private sealed class Ring
    {
        private readonly long[] _counts = new long[Minutes];
        private readonly long[] _minutes = new long[Minutes];

        public void Add(long minute)
        {
            var slot = (int)(minute % Minutes);
            if (_minutes[slot] != minute)
            {
                _minutes[slot] = minute;
                _counts[slot] = 0;
            }

            _counts[slot]++;
        }

        public long[] Window(long now)
        {
            var window = new long[Minutes];
            for (var i = 0; i < Minutes; i++)
            {
                var minute = now - Minutes + 1 + i;
                var slot = (int)(minute % Minutes);
                window[i] = _minutes[slot] == minute ? _counts[slot] : 0;
            }

            return window;
        }
    }
}

/// <summary>Counts per minute from <see cref="Start"/>, one array per namespace.</summary>
internal sealed record DenialSeries(DateTimeOffset Start, IReadOnlyList<(string Namespace, long[] Counts)> Namespaces);
