using System.Buffers.Binary;
using System.Globalization;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// What makes each pass of a replay new traffic: a uuid per flow, per pass and per server start (a salt drawn at
/// start), stable within one run so a re-read of the ring returns the same uuid, as on an agent; and, when looping,
/// a different client port per pass so each pass is a new set of connections rather than retransmissions.
/// </summary>
internal sealed class PassStamp
{
    private const int GuidTextLength = 36;
    private const int SuffixLength = 17;
    private const int PortStride = 7919;
    private const int EphemeralFloor = 1024;

    private readonly ulong _saltHigh;
    private readonly ulong _saltLow;
    private readonly bool _keepFirstPass;
    private readonly bool _shiftPorts;

    public PassStamp(ReplayServerOptions options)
    {
        Span<byte> salt = stackalloc byte[16];
        (options.Random ?? Random.Shared).NextBytes(salt);
        _saltHigh = BinaryPrimitives.ReadUInt64BigEndian(salt);
        _saltLow = BinaryPrimitives.ReadUInt64BigEndian(salt[8..]);
        _keepFirstPass = options.KeepUuids;
        _shiftPorts = options.Loop && !options.SameTuples;
    }

    /// <summary>Whether pass <paramref name="pass"/> serves other ports than the capture's.</summary>
    public bool ShiftsPorts(int pass) => _shiftPorts && pass > 0;

    public int UuidLength(ReplayEntry entry, int pass) =>
        entry.Uuid.Length == 0 || (pass == 0 && _keepFirstPass) ? entry.UuidUtf8.Length
        : entry.UuidGuid is not null ? GuidTextLength
        : entry.UuidUtf8.Length + SuffixLength;

    public void WriteUuid(ref WireWriter writer, ReplayEntry entry, int pass)
    {
        Span<byte> text = stackalloc byte[GuidTextLength];
        if (entry.Uuid.Length == 0 || (pass == 0 && _keepFirstPass))
        {
            writer.WriteRaw(entry.UuidUtf8);
        }
        else if (entry.UuidGuid is { } guid)
        {
            Mixed(guid, pass).TryFormat(text, out var written, "D");
            writer.WriteRaw(text[..written]);
        }
        else
        {
            writer.WriteRaw(entry.UuidUtf8);
            text[0] = (byte)'-';
            Key(pass).high.TryFormat(text[1..], out var written, "x16", CultureInfo.InvariantCulture);
            writer.WriteRaw(text[..(written + 1)]);
        }
    }

    /// <summary>The uuid as served, for messages built whole (field masks).</summary>
    public string Uuid(ReplayEntry entry, int pass) =>
        entry.Uuid.Length == 0 || (pass == 0 && _keepFirstPass) ? entry.Uuid
        : entry.UuidGuid is { } guid ? Mixed(guid, pass).ToString("D")
        : entry.Uuid + "-" + Key(pass).high.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>
    /// The ports pass <paramref name="pass"/> serves. The client side (the source, or the destination of a reply)
    /// moves by a fixed stride through the non-privileged range, so request and reply still pair up within a pass;
    /// ports below 1024 are service ports and stay.
    /// </summary>
    public (uint Source, uint Destination) Ports(uint source, uint destination, bool reply, int pass)
    {
        if (!ShiftsPorts(pass))
        {
            return (source, destination);
        }

        return reply ? (source, Shift(destination, pass)) : (Shift(source, pass), destination);
    }

    private static uint Shift(uint port, int pass) =>
        port < EphemeralFloor || port > ushort.MaxValue ? port
        : (uint)(EphemeralFloor + ((port - EphemeralFloor + ((long)pass * PortStride)) % (ushort.MaxValue + 1 - EphemeralFloor)));

    // The GUID XOR a per-pass key, leaving its version and variant bits as they were.
    private Guid Mixed(Guid guid, int pass)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        var (high, low) = Key(pass);
        high &= 0xFFFF_FFFF_FFFF_0FFFUL;
        low &= 0x3FFF_FFFF_FFFF_FFFFUL;
        BinaryPrimitives.WriteUInt64BigEndian(bytes, BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) ^ low);
        return new Guid(bytes, bigEndian: true);
    }

    private (ulong high, ulong low) Key(int pass) => (Mix(_saltHigh + (ulong)pass), Mix(_saltLow ^ ((ulong)pass * 0x9E37_79B9_7F4A_7C15UL)));

    // splitmix64's finaliser: neighbouring passes get unrelated keys.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>Whether the client of this flow is its destination (the flow is a reply).</summary>
    public static bool IsReply(Flow flow) => flow.IsReply ?? flow.Reply;
}
