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

        ref var entry = ref _entries[ByteHash.Of(bytes) & _mask];
        if (entry.Key is { } key && bytes.SequenceEqual(key))
        {
            return entry.Value!;
        }

        var value = factory(bytes);
        entry = new Entry(bytes.ToArray(), value);
        return value;
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
