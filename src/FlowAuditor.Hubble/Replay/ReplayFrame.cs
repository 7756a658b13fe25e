using FlowAuditor.Hubble.Api;
using Grpc.Core;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// One GetFlowsResponse on the wire: an entry's pre-encoded payload plus this send's time, uuid and (for a later
/// loop pass) ports (a masked flow is an entry of its own). Field order differs from a generated
/// encoder's, which protobuf parsers accept; the decoded message is the same.
/// </summary>
internal sealed class ReplayFrame(PassStamp stamp)
{
    private const int UuidField = 34;
    private const int L4Field = 6;

    public static Marshaller<ReplayFrame> Marshaller { get; } = new(
        static (frame, context) => frame.Serialize(context),
        static _ => throw new NotSupportedException("replay frames are only sent"));

    public ReplayEntry Entry { get; private set; } = null!;

    /// <summary>Time written into the flow (null: the flow keeps having none).</summary>
    public long? FlowTimeNanos { get; private set; }

    /// <summary>GetFlowsResponse.time.</summary>
    public long? TimeNanos { get; private set; }

    public int Pass { get; private set; }

    /// <summary>Reuses this frame for the next send; the transport serialises it before WriteAsync returns.</summary>
    public ReplayFrame Set(ReplayEntry entry, long? flowTimeNanos, long? timeNanos, int pass)
    {
        Entry = entry;
        FlowTimeNanos = entry.IsFlow ? flowTimeNanos : null;
        TimeNanos = timeNanos;
        Pass = pass;
        return this;
    }

    private void Serialize(SerializationContext context)
    {
        var entry = Entry;
        var uuidLength = entry.IsFlow ? stamp.UuidLength(entry, Pass) : 0;
        var ports = entry.PortProtocolField != 0 && stamp.ShiftsPorts(Pass)
            ? stamp.Ports(entry.SourcePort, entry.DestinationPort, entry.IsReply, Pass)
            : ((uint, uint)?)null;
        var body = ports is null ? entry.Body : entry.BodyWithoutL4;
        var (protocolLength, l4Length) = ports is { } p ? L4Lengths(entry, p) : (0, 0);
        var flowTime = FlowTimeNanos;
        var inner = body.Length
            + (ports is null ? 0 : WireWriter.LengthDelimitedSize(L4Field, l4Length))
            + (flowTime is { } ft ? WireWriter.LengthDelimitedSize(1, WireTimestamp.BodySize(ft)) : 0)
            + (uuidLength > 0 ? WireWriter.LengthDelimitedSize(UuidField, uuidLength) : 0);
        var total = WireWriter.LengthDelimitedSize(entry.PayloadField, inner) + entry.NodeNameField.Length
            + (TimeNanos is { } wt ? WireWriter.LengthDelimitedSize(GetFlowsResponse.TimeFieldNumber, WireTimestamp.BodySize(wt)) : 0);

        context.SetPayloadLength(total);
        var buffer = context.GetBufferWriter();
        var writer = new WireWriter(buffer.GetSpan(total));
        writer.WriteLengthPrefix(entry.PayloadField, inner);
        writer.WriteRaw(body);
        if (ports is { } moved)
        {
            writer.WriteLengthPrefix(L4Field, l4Length);
            writer.WriteLengthPrefix(entry.PortProtocolField, protocolLength);
            WritePort(ref writer, 1, moved.Item1);
            WritePort(ref writer, 2, moved.Item2);
            writer.WriteRaw(entry.L4WithoutPorts);
        }

        if (flowTime is { } time)
        {
            WireTimestamp.Write(ref writer, 1, time);
        }

        if (uuidLength > 0)
        {
            writer.WriteLengthPrefix(UuidField, uuidLength);
            stamp.WriteUuid(ref writer, entry, Pass);
        }

        writer.WriteRaw(entry.NodeNameField);
        if (TimeNanos is { } wrapperTime)
        {
            WireTimestamp.Write(ref writer, GetFlowsResponse.TimeFieldNumber, wrapperTime);
        }

        buffer.Advance(writer.Written);
        context.Complete();
    }

    private static (int Protocol, int L4) L4Lengths(ReplayEntry entry, (uint Source, uint Destination) ports)
    {
        var protocol = PortSize(ports.Source) + PortSize(ports.Destination) + entry.L4WithoutPorts.Length;
        return (protocol, WireWriter.LengthDelimitedSize(entry.PortProtocolField, protocol));
    }

    // proto3 leaves zero scalars out.
    private static int PortSize(uint port) => port == 0 ? 0 : 1 + WireWriter.VarintSize(port);

    private static void WritePort(ref WireWriter writer, int field, uint port)
    {
        if (port != 0)
        {
            writer.WriteTag(field, 0);
            writer.WriteVarint(port);
        }
    }
}
