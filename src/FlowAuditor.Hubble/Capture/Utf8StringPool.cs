using System.Runtime.InteropServices;
using System.Text;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// Strings read from capture lines, reused while they repeat. A capture repeats the same labels, namespaces, pod and
/// node names on every line; allocating each again is most of what a line costs the GC. Direct-mapped and bounded:
/// a slot holds the last string that hashed to it, so one-off values (uuids) only displace, never accumulate. One
/// pool per thread, since capture lines are parsed on the reading thread.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int Slots = 4096;
    private const int MaxBytes = 128;

    [ThreadStatic]
    private static Utf8StringPool? _current;

    private readonly Entry[] _entries = new Entry[Slots];

    public static Utf8StringPool Current => _current ??= new Utf8StringPool();

    /// <summary>The string for unescaped UTF-8 <paramref name="utf8"/>: the pooled one when it is the same bytes.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = Hash(utf8);
        ref var entry = ref _entries[hash & (Slots - 1)];
        if (entry.Hash == hash && entry.Bytes is { } bytes && utf8.SequenceEqual(bytes))
        {
            return entry.Value!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        entry = new Entry(hash, utf8.ToArray(), value);
        return value;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Entry(int Hash, byte[]? Bytes, string? Value);
}
