using System.Numerics;
using System.Runtime.InteropServices;

namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// A fast hash of short byte strings for the decoders' direct-mapped caches, which key by whole endpoint objects
/// (hundreds of bytes, twice a capture line). Not seeded: a collision only replaces a cache slot, so no input can make
/// a lookup cost more than one miss.
/// </summary>
internal static class ByteHash
{
    /// <summary>Eight bytes a step in two independent lanes (HashCode.AddBytes, four bytes a step, showed in profiles).</summary>
    public static int Of(ReadOnlySpan<byte> bytes)
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
}
