namespace FlowAuditor.Hubble.Replay;

/// <summary>Minimal protobuf wire encoding into a span, for frames assembled from pre-encoded parts.</summary>
internal ref struct WireWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;

    public readonly int Written => _position;

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int TagSize(int field) => VarintSize((ulong)field << 3);

    public static int LengthDelimitedSize(int field, int length) => TagSize(field) + VarintSize((ulong)length) + length;

    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _destination[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _destination[_position++] = (byte)value;
    }

    public void WriteTag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    public void WriteLengthPrefix(int field, int length)
    {
        WriteTag(field, 2);
        WriteVarint((ulong)length);
    }

    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }
}
