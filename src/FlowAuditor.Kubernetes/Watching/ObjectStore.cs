namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// The objects of one resource as last received, keyed by <c>namespace/name</c>. Every method reports whether the
/// content changed, so a relist or a resync that brings nothing new does not cause a new snapshot.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private Dictionary<string, WatchedObject> _objects = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _objects.Count;
            }
        }
    }

    /// <summary>Replaces everything with a list result; objects absent from it (deleted while disconnected) go.</summary>
    public bool Replace(IEnumerable<WatchedObject> objects)
    {
        var next = new Dictionary<string, WatchedObject>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            next[o.Key] = o;
        }

        lock (_gate)
        {
            var same = next.Count == _objects.Count
                && next.All(p => _objects.TryGetValue(p.Key, out var old) && SameContent(old, p.Value));
            _objects = next;
            return !same;
        }
    }

    public bool Upsert(WatchedObject o)
    {
        lock (_gate)
        {
            var changed = !_objects.TryGetValue(o.Key, out var old) || !SameContent(old, o);
            _objects[o.Key] = o;
            return changed;
        }
    }

    public bool Remove(string key)
    {
        lock (_gate)
        {
            return _objects.Remove(key);
        }
    }

    public bool Clear()
    {
        lock (_gate)
        {
            var had = _objects.Count > 0;
            _objects = new Dictionary<string, WatchedObject>(StringComparer.Ordinal);
            return had;
        }
    }

    /// <summary>A copy, ordered by key so rebuilds from the same state produce the same snapshot.</summary>
    public IReadOnlyList<WatchedObject> Snapshot()
    {
        lock (_gate)
        {
            return [.. _objects.Values.OrderBy(o => o.Key, StringComparer.Ordinal)];
        }
    }

    // The stored JSON holds only what the loader reads (see WatchedObject.From), so equal text means no change.
    private static bool SameContent(WatchedObject a, WatchedObject b) => string.Equals(a.Json, b.Json, StringComparison.Ordinal);
}
