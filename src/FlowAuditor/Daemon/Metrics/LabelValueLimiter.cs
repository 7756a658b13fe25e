using System.Collections.Concurrent;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// Caps the distinct values one label may take: the first <see cref="Capacity"/> values pass, later ones become
/// <c>other</c>, so a cluster with thousands of workloads cannot explode the series count.
/// </summary>
internal sealed class LabelValueLimiter
{
    public const string Overflow = "other";
    private readonly ConcurrentDictionary<string, byte> _admitted = new(StringComparer.Ordinal);

    public LabelValueLimiter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public bool Overflowed { get; private set; }

    public string Admit(string value)
    {
        if (_admitted.ContainsKey(value))
        {
            return value;
        }

        if (_admitted.Count < Capacity && _admitted.TryAdd(value, 0))
        {
            return value;
        }

        if (_admitted.ContainsKey(value))
        {
            return value;
        }

        Overflowed = true;
        return Overflow;
    }
}
