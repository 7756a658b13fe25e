using System.Collections;

namespace FlowAuditor.Core.Labels;

/// <summary>
/// An immutable identity label set. Equality is by content (hash precomputed) so policy caches can key on it;
/// lookups by bare key ignore the source, which is how Cilium matches selectors without a source prefix.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>, IReadOnlyList<Label>
{
    public static readonly LabelSet Empty = new([]);

    private readonly Label[] _labels;
    private readonly Dictionary<string, int>? _firstByKey;
    private readonly int _hash;

    private LabelSet(Label[] sorted)
    {
        _labels = sorted;
        var hash = new HashCode();
        foreach (var label in sorted)
        {
            hash.Add(label.Source, StringComparer.Ordinal);
            hash.Add(label.Key, StringComparer.Ordinal);
            hash.Add(label.Value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
        if (sorted.Length > 8)
        {
            _firstByKey = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
            for (var i = 0; i < sorted.Length; i++)
            {
                _firstByKey.TryAdd(sorted[i].Key, i);
            }
        }
    }

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    public static LabelSet From(IEnumerable<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = labels.Distinct().ToArray();
        Array.Sort(distinct, Compare);
        return distinct.Length == 0 ? Empty : new LabelSet(distinct);
    }

    /// <summary>Parses Hubble/Cilium label strings (<c>k8s:app=web</c>).</summary>
    public static LabelSet Parse(IEnumerable<string> labels) => From(labels.Select(Label.Parse));

    /// <summary>Kubernetes labels (<c>app: web</c>) under one source.</summary>
    public static LabelSet FromKubernetes(IEnumerable<KeyValuePair<string, string>> labels, string source = LabelSources.K8s) =>
        From(labels.Select(kv => new Label(source, kv.Key, kv.Value)));

    /// <summary>Finds a label by source and key; <see cref="LabelSources.Any"/> matches every source.</summary>
    public bool TryGetValue(string source, string key, out string value)
    {
        var start = FirstIndexOf(key);
        for (var i = start; i >= 0 && i < _labels.Length && string.Equals(_labels[i].Key, key, StringComparison.Ordinal); i++)
        {
            var label = _labels[i];
            if (source == LabelSources.Any || string.Equals(label.Source, source, StringComparison.Ordinal))
            {
                value = label.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    public bool Contains(string source, string key) => TryGetValue(source, key, out _);

    /// <summary>True when the set has the reserved label (e.g. <c>reserved:world</c>).</summary>
    public bool HasReserved(string name) => Contains(LabelSources.Reserved, name);

    public LabelSet With(IEnumerable<Label> more) => From(_labels.Concat(more));

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._labels.Length != _labels.Length)
        {
            return false;
        }

        return _labels.AsSpan().SequenceEqual(other._labels);
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _labels.GetEnumerator();

    public override string ToString() => string.Join(',', _labels);

    private int FirstIndexOf(string key)
    {
        if (_firstByKey is not null)
        {
            return _firstByKey.TryGetValue(key, out var index) ? index : -1;
        }

        for (var i = 0; i < _labels.Length; i++)
        {
            if (string.Equals(_labels[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // Sorted by key first so all sources of one key sit together for FirstIndexOf.
    private static int Compare(Label a, Label b)
    {
        var byKey = string.CompareOrdinal(a.Key, b.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        var bySource = string.CompareOrdinal(a.Source, b.Source);
        return bySource != 0 ? bySource : string.CompareOrdinal(a.Value, b.Value);
    }
}
