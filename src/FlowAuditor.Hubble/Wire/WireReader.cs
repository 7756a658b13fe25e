namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// Reads protobuf wire format from a span: tags, varints, length-delimited slices, and skips any field by its wire
/// type, so a decoder reads only the fields it needs. Malformed input throws <see cref="InvalidDataException"/>
/// (gRPC reports it as a failed message, as it does for a generated parser).
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> buffer)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly bool End => _position >= _buffer.Length;

    /// <summary>The next tag as (field number, wire type).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            throw new InvalidDataException("invalid field number 0 or beyond range");
        }

        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated();
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("malformed varint");
    }

    public uint ReadUInt32() => (uint)ReadVarint();

    public int ReadInt32() => (int)ReadVarint();

    public bool ReadBool() => ReadVarint() != 0;

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw Truncated();
        }

        var slice = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips the value of a field whose tag was just read.</summary>
    public void Skip(int field, int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Advance(4);
                break;
            case StartGroup:
                SkipGroup(field);
                break;
            default:
                throw new InvalidDataException($"invalid wire type {wireType} for field {field}");
        }
    }

    private void SkipGroup(int field)
    {
        while (true)
        {
            if (End)
            {
                throw Truncated();
            }

            var (inner, wireType) = ReadTag();
            if (wireType == EndGroup)
            {
                if (inner != field)
                {
                    throw new InvalidDataException("mismatched end group tag");
                }

                return;
            }

            Skip(inner, wireType);
        }
    }

    private void Advance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            throw Truncated();
        }

        _position += count;
    }

    private static InvalidDataException Truncated() => new("message truncated");

    /// <summary>A google.protobuf.Timestamp body as Unix nanoseconds.</summary>
    public static long TimestampNanos(ReadOnlySpan<byte> body, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        var reader = new WireReader(body);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == Varint)
            {
                seconds = (long)reader.ReadVarint();
            }
            else if (field == 2 && wireType == Varint)
            {
                nanos = (int)reader.ReadVarint();
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }

        return (seconds * 1_000_000_000L) + nanos;
    }

    /// <summary>A google.protobuf.BoolValue body.</summary>
    public static bool BoolValue(ReadOnlySpan<byte> body) => Field1Varint(body) != 0;

    /// <summary>Field 1 of a message as a varint, the last one if repeated, 0 when absent; other fields skipped.</summary>
    public static ulong Field1Varint(ReadOnlySpan<byte> message)
    {
        ulong value = 0;
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == Varint)
            {
                value = reader.ReadVarint();
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }

        return value;
    }

    /// <summary>
    /// Fields 1 and 2 of a message whose two are bytes (an IP's source and destination, a service's name and
    /// namespace, a workload's name and kind), each set only when present; other fields skipped.
    /// </summary>
    public static void BytesFields1And2(ReadOnlySpan<byte> message, ref ReadOnlySpan<byte> first, ref ReadOnlySpan<byte> second)
    {
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, LengthDelimited):
                    first = reader.ReadBytes();
                    break;
                case (2, LengthDelimited):
                    second = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }
    }
}
