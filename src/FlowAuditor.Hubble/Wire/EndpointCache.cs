namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// The endpoints a decoder built, by the bytes they were built from: the Endpoint message, the IP and the service of
/// that side. The same pods talk on every flow, so a hit skips parsing the message and building the endpoint (two
/// objects and a label-set lookup a side; measured in <c>FlowDecodeBenchmark</c>). Direct-mapped like
/// <see cref="Utf8Cache{T}"/>: a hit is confirmed by comparing all the bytes, a collision replaces the slot, reusing
/// its key array, so traffic where every flow is a new address (the world side of an internet-facing service) costs a
/// hash and a copy per side, not an allocation. Bounded: at most slots × maxLength bytes of keys (16 MiB; endpoint
/// messages are typically 200–400 bytes, so 1–2 MiB), one cache per stream. Not thread-safe.
/// </summary>
internal sealed class EndpointCache(int slots = 4096, int maxLength = 4096)
{
    private readonly Entry[] _entries = new Entry[slots];

    /// <summary>The cached endpoint for these bytes, or null with the slot to <see cref="Set"/> once it is built.</summary>
    public Core.Endpoints.Endpoint? Get(bool present, ReadOnlySpan<byte> message, ReadOnlySpan<byte> ip, ReadOnlySpan<byte> service, out int slot)
    {
        slot = -1;
        var length = message.Length + ip.Length + service.Length;
        if (length > maxLength)
        {
            return null;
        }

        var hash = ByteHash.Of(message) ^ (ByteHash.Of(ip) * 31) ^ (ByteHash.Of(service) * 17) ^ (present ? 1 : 0);
        slot = hash & (_entries.Length - 1);
        ref readonly var entry = ref _entries[slot];

        // Equal lengths of the whole key and of the IP part: the three parts are split where they were when stored.
        if (entry.Key is not { } key || entry.Present != present || entry.IpLength != ip.Length || entry.Length != length)
        {
            return null;
        }

        var stored = key.AsSpan(0, length);
        return stored[..message.Length].SequenceEqual(message)
            && stored.Slice(message.Length, ip.Length).SequenceEqual(ip)
            && stored[(message.Length + ip.Length)..].SequenceEqual(service)
            ? entry.Value
            : null;
    }

    public void Set(int slot, bool present, ReadOnlySpan<byte> message, ReadOnlySpan<byte> ip, ReadOnlySpan<byte> service, Core.Endpoints.Endpoint endpoint)
    {
        if (slot < 0)
        {
            return;
        }

        var length = message.Length + ip.Length + service.Length;
        var key = _entries[slot].Key is { } old && old.Length >= length ? old : new byte[Math.Max(64, length)];
        message.CopyTo(key);
        ip.CopyTo(key.AsSpan(message.Length));
        service.CopyTo(key.AsSpan(message.Length + ip.Length));
        _entries[slot] = new Entry(key, length, ip.Length, present, endpoint);
    }

    private readonly record struct Entry(byte[]? Key, int Length, int IpLength, bool Present, Core.Endpoints.Endpoint? Value);
}
