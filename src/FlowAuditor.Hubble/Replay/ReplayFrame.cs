using FlowAuditor.Hubble.Api;
using Grpc.Core;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// One GetFlowsResponse on the wire: an entry's pre-encoded payload plus this send's time and uuid. Field order
/// differs from a generated encoder's, which protobuf parsers accept; the decoded message is the same.
/// </summary>
internal sealed class ReplayFrame
{
    private const int UuidField = 34;
    private const int GuidUtf8Length = 36;

    public static Marshaller<ReplayFrame> Marshaller { get; } = new(
        static (frame, context) => frame.Serialize(context),
        static _ => throw new NotSupportedException("replay frames are only sent"));

    public ReplayEntry Entry { get; private set; } = null!;

    /// <summary>Time written into the flow (null: the flow keeps having none).</summary>
    public long? FlowTimeNanos { get; private set; }

    /// <summary>GetFlowsResponse.time.</summary>
    public long? TimeNanos { get; private set; }

    public int Iteration { get; private set; }

    /// <summary>Reuses this frame for the next send; the transport serialises it before WriteAsync returns.</summary>
    public ReplayFrame Set(ReplayEntry entry, long? flowTimeNanos, long? timeNanos, int iteration)
    {
        Entry = entry;
        FlowTimeNanos = entry.IsFlow ? flowTimeNanos : null;
        TimeNanos = timeNanos;
        Iteration = iteration;
        return this;
    }

    private void Serialize(SerializationContext context)
    {
        var entry = Entry;
        var uuidLength = UuidLength(entry);
        var flowTime = FlowTimeNanos;
        var inner = entry.Body.Length
            + (flowTime is { } ft ? WireWriter.LengthDelimitedSize(1, WireTimestamp.BodySize(ft)) : 0)
            + (uuidLength > 0 ? WireWriter.LengthDelimitedSize(UuidField, uuidLength) : 0);
        var total = WireWriter.LengthDelimitedSize(entry.PayloadField, inner) + entry.NodeNameField.Length
            + (TimeNanos is { } wt ? WireWriter.LengthDelimitedSize(GetFlowsResponse.TimeFieldNumber, WireTimestamp.BodySize(wt)) : 0);

        context.SetPayloadLength(total);
        var buffer = context.GetBufferWriter();
        var writer = new WireWriter(buffer.GetSpan(total));
        writer.WriteLengthPrefix(entry.PayloadField, inner);
        writer.WriteRaw(entry.Body);
        if (flowTime is { } time)
        {
            WireTimestamp.Write(ref writer, 1, time);
        }

        if (uuidLength > 0)
        {
            writer.WriteLengthPrefix(UuidField, uuidLength);
            WriteUuid(ref writer, entry);
        }

        writer.WriteRaw(entry.NodeNameField);
        if (TimeNanos is { } wrapperTime)
        {
            WireTimestamp.Write(ref writer, GetFlowsResponse.TimeFieldNumber, wrapperTime);
        }

        buffer.Advance(writer.Written);
        context.Complete();
    }

    private int UuidLength(ReplayEntry entry) =>
        Iteration == 0 || entry.Uuid.Length == 0 ? entry.UuidUtf8.Length
        : entry.UuidGuid is not null ? GuidUtf8Length
        : entry.UuidUtf8.Length + 1 + (int)Math.Floor(Math.Log10(Iteration)) + 1;

    // A looped capture repeats its flows; each pass gets fresh, stable uuids so clients don't drop them as duplicates.
    private void WriteUuid(ref WireWriter writer, ReplayEntry entry)
    {
        Span<byte> text = stackalloc byte[64];
        if (Iteration == 0 || entry.Uuid.Length == 0)
        {
            writer.WriteRaw(entry.UuidUtf8);
        }
        else if (entry.UuidGuid is { } guid)
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            var mixed = BitConverter.ToUInt64(bytes[8..]) ^ (ulong)Iteration;
            BitConverter.TryWriteBytes(bytes[8..], mixed);
            new Guid(bytes).TryFormat(text, out var written, "D");
            writer.WriteRaw(text[..written]);
        }
        else
        {
            writer.WriteRaw(entry.UuidUtf8);
            text[0] = (byte)'-';
            Iteration.TryFormat(text[1..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteRaw(text[..(written + 1)]);
        }
    }
}
