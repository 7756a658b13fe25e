namespace FlowAuditor.Core.Ports;

/// <summary>An immutable set of ports kept as sorted, disjoint, non-adjacent ranges.</summary>
public sealed class PortSet : IEquatable<PortSet>
{
    public static readonly PortSet Empty = new([]);
    public static readonly PortSet All = new([PortRange.AllPorts]);

    private PortSet(PortRange[] ranges) => Ranges = ranges;

    public IReadOnlyList<PortRange> Ranges { get; }

    public bool IsEmpty => Ranges.Count == 0;

    public bool IsAll => Ranges.Count == 1 && Ranges[0] == PortRange.AllPorts;

    public static PortSet Of(IEnumerable<PortRange> ranges)
    {
        var sorted = ranges.Where(r => r.Start <= r.End).OrderBy(r => r.Start).ToList();
        var merged = new List<PortRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End + 1)
            {
                var last = merged[^1];
                merged[^1] = last with { End = Math.Max(last.End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged.Count == 0 ? Empty : new PortSet([.. merged]);
    }

    public static PortSet Single(int port) => new([new PortRange(port, port)]);

    public bool Contains(int port)
    {
        foreach (var range in Ranges)
        {
            if (range.Contains(port))
            {
                return true;
            }
        }

        return false;
    }

    public PortSet Union(PortSet other) => Of(Ranges.Concat(other.Ranges));

    public PortSet Complement()
    {
        var result = new List<PortRange>();
        var next = PortRange.MinPort;
        foreach (var range in Ranges)
        {
            if (range.Start > next)
            {
                result.Add(new PortRange(next, range.Start - 1));
            }

            next = range.End + 1;
        }

        if (next <= PortRange.MaxPort)
        {
            result.Add(new PortRange(next, PortRange.MaxPort));
        }

        return Of(result);
    }

    public int Count => Ranges.Sum(r => r.End - r.Start + 1);

    public bool Equals(PortSet? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override bool Equals(object? obj) => Equals(obj as PortSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var range in Ranges)
        {
            hash.Add(range);
        }

        return hash.ToHashCode();
    }

    /// <summary><c>80,443,8000-8080</c>.</summary>
    public override string ToString() => string.Join(',', Ranges);
}
