namespace FlowAuditor.Hubble.Client;

/// <summary>The latest flow time seen per node; a resumed stream starts at the earliest of them.</summary>
internal sealed class ResumePoint
{
    private readonly Dictionary<string, Latest> _byNode = new(StringComparer.Ordinal);
    private string? _lastNode;
    private Latest? _last;

    /// <summary>A flow time in Unix nanoseconds.</summary>
    public void Observe(string nodeName, long nanos)
    {
        // Flows of one node come in runs, and the decoder hands out one string per node: skip the lookup meanwhile.
        if (!ReferenceEquals(nodeName, _lastNode) || _last is null)
        {
            if (!_byNode.TryGetValue(nodeName, out _last))
            {
                _last = new Latest(nanos);
                _byNode[nodeName] = _last;
            }

            _lastNode = nodeName;
        }

        if (nanos > _last.Nanos)
        {
            _last.Nanos = nanos;
        }
    }

    /// <summary>The latest time seen on any node, in Unix nanoseconds.</summary>
    public long? LatestNanos() => _byNode.Count == 0 ? null : _byNode.Values.Max(l => l.Nanos);

    /// <summary>The earliest per-node last time, or null before any timed flow.</summary>
    public DateTimeOffset? Earliest()
    {
        if (_byNode.Count == 0)
        {
            return null;
        }

        var min = _byNode.Values.Min(l => l.Nanos);
        return DateTimeOffset.UnixEpoch.AddTicks(min / 100);
    }

    private sealed class Latest(long nanos)
    {
        public long Nanos { get; set; } = nanos;
    }
}
