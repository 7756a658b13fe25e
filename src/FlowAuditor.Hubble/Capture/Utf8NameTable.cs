using System.Text;
using System.Text.Json;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// Looks a JSON property name or enum value name up without allocating a string for it: straight from the UTF-8
/// bytes when they are unescaped (almost always), else through a UTF-16 copy.
/// </summary>
internal sealed class Utf8NameTable<T>
    where T : class
{
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly (byte[]? Name, T? Value)[] _byUtf8;
    private readonly int _mask;
    private readonly int _shift;

    public Utf8NameTable(IDictionary<string, T> names)
    {
        _bySpan = new Dictionary<string, T>(names, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        // Open addressing, at most a quarter full: a lookup is one hash of a short name and usually one compare.
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, names.Count * 4));
        _byUtf8 = new (byte[]?, T?)[size];
        _mask = size - 1;
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        foreach (var (name, value) in names)
        {
            var utf8 = Encoding.UTF8.GetBytes(name);
            var slot = Hash(utf8) & _mask;
            while (_byUtf8[slot].Name is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _byUtf8[slot] = (utf8, value);
        }
    }

    public T? Find(ReadOnlySpan<char> name) => _bySpan.TryGetValue(name, out var found) ? found : null;

    /// <summary>The entry named by the reader's current token (a property name or a string value).</summary>
    public T? Find(in Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            // Rare in captures: unescaping needs the reader's own copy.
            return Find(reader.GetString().AsSpan());
        }

        return Find(reader.ValueSpan);
    }

    /// <summary>The entry with this unescaped UTF-8 name.</summary>
    public T? Find(ReadOnlySpan<byte> name)
    {
        for (var slot = Hash(name) & _mask; _byUtf8[slot].Name is { } candidate; slot = (slot + 1) & _mask)
        {
            if (name.SequenceEqual(candidate))
            {
                return _byUtf8[slot].Value;
            }
        }

        return null;
    }

    // Every capture line looks up dozens of names, so the hash reads four bytes, not all: the length and the first,
    // middle and last byte tell a message's field names apart well enough, and the probe compares the whole name.
    // Fibonacci hashing spreads them over the slots.
    private int Hash(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return 0;
        }

        var key = (uint)name.Length | ((uint)name[0] << 8) | ((uint)name[name.Length >> 1] << 16) | ((uint)name[^1] << 24);
        return (int)((key * 0x9E3779B1u) >> _shift);
    }
}
