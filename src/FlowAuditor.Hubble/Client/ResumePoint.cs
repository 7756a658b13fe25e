using FlowAuditor.Hubble.Api;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Client;

/// <summary>The latest flow time seen per node; a resumed stream starts at the earliest of them.</summary>
internal sealed class ResumePoint
{
    private readonly Dictionary<string, long> _lastNanosByNode = new(StringComparer.Ordinal);

    public void Observe(string nodeName, Timestamp? time)
    {
        if (time is not null)
        {
            Observe(nodeName, (time.Seconds * 1_000_000_000L) + time.Nanos);
        }
    }

    /// <summary>A flow time in Unix nanoseconds.</summary>
    public void Observe(string nodeName, long nanos)
    {
        if (!_lastNanosByNode.TryGetValue(nodeName, out var last) || nanos > last)
        {
            _lastNanosByNode[nodeName] = nanos;
        }
    }

    /// <summary>The latest time seen on any node, in Unix nanoseconds.</summary>
    public long? LatestNanos() => _lastNanosByNode.Count == 0 ? null : _lastNanosByNode.Values.Max();

    /// <summary>The earliest per-node last time, or null before any timed flow.</summary>
    public DateTimeOffset? Earliest()
    {
        if (_lastNanosByNode.Count == 0)
        {
            return null;
        }

        var min = _lastNanosByNode.Values.Min();
        return DateTimeOffset.UnixEpoch.AddTicks(min / 100);
    }
}
