using System.Numerics;
using System.Runtime.InteropServices;

namespace FlowAuditor.Hubble.Wire;

/// <summary>Builds a value from the bytes it is cached by.</summary>
internal delegate T Utf8Factory<out T>(ReadOnlySpan<byte> bytes);

/// <summary>
/// A direct-mapped cache from short byte strings to the value built from them (a string, an address), so values that
/// repeat on every flow (namespaces, pod and node names, policy names) are built once. A hit is confirmed by
/// comparing the bytes; a collision just replaces the slot. Bounded by its slot count; not thread-safe.
/// </summary>
internal sealed class Utf8Cache<T>(Utf8Factory<T> factory, int slots = 4096, int maxLength = 256)
    where T : class
{
    private readonly Entry[] _entries = new Entry[slots];
    private readonly int _mask = SlotMask(slots);

    public T Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > maxLength)
        {
            return factory(bytes);
        }

        ref var entry = ref _entries[Hash(bytes) & _mask];
        if (entry.Key is { } key && bytes.SequenceEqual(key))
        {
            return entry.Value!;
        }

        var value = factory(bytes);
        entry = new Entry(bytes.ToArray(), value);
        return value;
    }

    // Eight bytes a step in two independent lanes: captures key this cache by whole endpoint objects (hundreds of
    // bytes, twice a line), where HashCode.AddBytes (four bytes a step) showed in profiles. Not seeded: a collision
    // only replaces a slot, so no input can make a lookup slower than one miss.
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        ulong a = (ulong)bytes.Length, b = Prime;
        var i = 0;
        for (; i + 1 < words.Length; i += 2)
        {
            a = BitOperations.RotateLeft((a ^ words[i]) * Prime, 31);
            b = BitOperations.RotateLeft((b ^ words[i + 1]) * Prime, 27);
        }

        if (i < words.Length)
        {
            a = BitOperations.RotateLeft((a ^ words[i]) * Prime, 31);
        }

        ulong tail = 0;
        bytes[(words.Length * sizeof(ulong))..].CopyTo(MemoryMarshal.AsBytes(new Span<ulong>(ref tail)));
        var hash = (a ^ BitOperations.RotateLeft(b, 17) ^ tail) * Prime;
        return (int)(hash >> 32);
    }

    private static int SlotMask(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), "must be a power of two");
        }

        return slots - 1;
    }

    private readonly record struct Entry(byte[]? Key, T? Value);
}
