using CoreProtocol = FlowAuditor.Core.Ports.Protocol;

namespace FlowAuditor.Hubble.Wire;

/// <summary>A Layer4 message as the mapper reads it: protocol, ports (ICMP type as the destination port), SYN/ACK.</summary>
internal readonly record struct Layer4Facts(CoreProtocol? Protocol, int SourcePort, int DestinationPort, bool Syn, bool Ack)
{
    public static Layer4Facts Read(ReadOnlySpan<byte> message)
    {
        var facts = default(Layer4Facts);
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType != WireReader.LengthDelimited)
            {
                reader.Skip(field, wireType);
                continue;
            }

            // A oneof: the last protocol on the wire wins, as in a generated parser.
            var body = reader.ReadBytes();
            facts = field switch
            {
                1 => Ports(CoreProtocol.TCP, body),
                2 => Ports(CoreProtocol.UDP, body),
                3 => Icmp(CoreProtocol.ICMPv4, body),
                4 => Icmp(CoreProtocol.ICMPv6, body),
                5 => Ports(CoreProtocol.SCTP, body),
                6 or 7 => default,
                _ => facts,
            };
        }

        return facts;
    }

    private static Layer4Facts Ports(CoreProtocol protocol, ReadOnlySpan<byte> message)
    {
        uint source = 0, destination = 0;
        bool syn = false, ack = false;
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, WireReader.Varint):
                    source = reader.ReadUInt32();
                    break;
                case (2, WireReader.Varint):
                    destination = reader.ReadUInt32();
                    break;
                case (3, WireReader.LengthDelimited) when protocol == CoreProtocol.TCP:
                    (syn, ack) = Flags(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }

        return new Layer4Facts(protocol, (int)source, (int)destination, syn, ack);
    }

    private static (bool Syn, bool Ack) Flags(ReadOnlySpan<byte> message)
    {
        bool syn = false, ack = false;
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (2, WireReader.Varint):
                    syn = reader.ReadBool();
                    break;
                case (5, WireReader.Varint):
                    ack = reader.ReadBool();
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }

        return (syn, ack);
    }

    private static Layer4Facts Icmp(CoreProtocol protocol, ReadOnlySpan<byte> message) =>
        new(protocol, 0, (int)(uint)WireReader.Field1Varint(message), false, false);
}
