using System.Text.Json;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// Sub-objects of capture lines (endpoints, policies, services) read once per distinct byte content, and stepped over
/// without tokenizing them again when they repeat: endpoints are most of a line's bytes. A bucket, found by the
/// object's first bytes, holds the two objects last read there (replicas of a pod can differ only in their pod name,
/// at the end) with the reader state after each. When the line holds the
/// same bytes at the same depth, they are the same complete object (a JSON object ends where its bytes say), so the
/// reader resumes after them from that state, as it resumes across buffers; JsonReaderState differs between two such
/// places only in the positions its error messages quote, and an error declines the line anyway. Otherwise the object
/// is stepped over token by token and read through the cache of all objects by their whole bytes. Not thread-safe.
/// </summary>
internal sealed class SeenObjects<T>
    where T : class
{
    private const int PrefixLength = 64;

    private readonly Utf8Cache<Parsed<T>> _byBytes;
    private readonly Entry[] _recent;
    private readonly int _mask;

    public SeenObjects(Utf8Factory<Parsed<T>> parse, int slots, int maxLength)
    {
        _byBytes = new Utf8Cache<Parsed<T>>(parse, slots, maxLength);
        _recent = new Entry[slots * 2];
        _mask = slots - 1;
    }

    /// <summary>
    /// The reader is on the object's StartObject, reading <paramref name="line"/>; on success it is on the object's
    /// EndObject, possibly as a new reader over the rest of the line, which <paramref name="line"/> then is.
    /// </summary>
    public bool TryRead(ref Utf8JsonReader reader, ref ReadOnlySpan<byte> line, out T? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var start = (int)reader.TokenStartIndex;
        var depth = reader.CurrentDepth;
        var rest = line[start..];
        var bucket = _recent.AsSpan((ByteHash.Of(rest[..Math.Min(PrefixLength, rest.Length)]) & _mask) * 2, 2);
        for (var way = 0; way < bucket.Length; way++)
        {
            var slot = bucket[way];
            if (slot.Bytes is { } seen && slot.Depth == depth && rest.StartsWith(seen))
            {
                // The way hit last comes first, so a miss replaces the one used least recently.
                (bucket[0], bucket[way]) = (slot, bucket[0]);
                line = rest[seen.Length..];
                reader = new Utf8JsonReader(line, isFinalBlock: true, slot.After);
                value = slot.Parsed!.Value;
                return true;
            }
        }

        reader.Skip();
        var bytes = line[start..(int)reader.BytesConsumed];
        var parsed = _byBytes.Get(bytes);
        if (parsed.Valid)
        {
            bucket[1] = bucket[0];
            bucket[0] = new Entry(bytes.ToArray(), depth, reader.CurrentState, parsed);
        }

        value = parsed.Value;
        return parsed.Valid;
    }

    private readonly record struct Entry(byte[]? Bytes, int Depth, JsonReaderState After, Parsed<T>? Parsed);
}
