namespace FlowAuditor.Hubble.Client;

/// <summary>The last N flow keys seen: a ring for eviction order plus a set for lookup, so memory stays bounded.</summary>
internal sealed class RecentFlowKeys
{
    private readonly Guid[] _ring;
    private readonly HashSet<Guid> _set;
    private int _next;

    public RecentFlowKeys(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new Guid[capacity];
        _set = new HashSet<Guid>(capacity);
    }

    public int Count => _set.Count;

    /// <summary>False when the key is already among the recent ones.</summary>
    public bool TryAdd(Guid key)
    {
        if (!_set.Add(key))
        {
            return false;
        }

        if (_set.Count > _ring.Length)
        {
            _set.Remove(_ring[_next]);
        }

        _ring[_next] = key;
        _next = (_next + 1) % _ring.Length;
        return true;
    }
}
