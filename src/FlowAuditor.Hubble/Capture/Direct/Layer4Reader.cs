using System.Text.Json;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Wire;
using Google.Protobuf.Reflection;
using CoreProtocol = FlowAuditor.Core.Ports.Protocol;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>Reads a Layer4 JSON object as the mapper reads the message: protocol, ports (ICMP type as the destination port), SYN/ACK.</summary>
internal static class Layer4Reader
{
    private static readonly Utf8NameTable<FieldDescriptor> Fields = ProtoJsonNames.FieldsOf(Layer4.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> TcpFields = ProtoJsonNames.FieldsOf(TCP.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> UdpFields = ProtoJsonNames.FieldsOf(UDP.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> SctpFields = ProtoJsonNames.FieldsOf(SCTP.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> Icmpv4Fields = ProtoJsonNames.FieldsOf(ICMPv4.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> Icmpv6Fields = ProtoJsonNames.FieldsOf(ICMPv6.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> FlagFields = ProtoJsonNames.FieldsOf(TCPFlags.Descriptor);

    public static bool TryRead(ref Utf8JsonReader reader, out Layer4Facts facts)
    {
        facts = default;
        return ObjectWalk.TryRead(ref reader, Fields, ref facts, ReadProtocol);
    }

    // A oneof: the walk admits one member, so the facts are set once. VRRP and IGMP are no protocol the mapper knows.
    private static bool ReadProtocol(ref Utf8JsonReader reader, FieldDescriptor field, ref Layer4Facts facts) => field.FieldNumber switch
    {
        Layer4.TCPFieldNumber => TryPorts(ref reader, CoreProtocol.TCP, TcpFields, out facts),
        Layer4.UDPFieldNumber => TryPorts(ref reader, CoreProtocol.UDP, UdpFields, out facts),
        Layer4.SCTPFieldNumber => TryPorts(ref reader, CoreProtocol.SCTP, SctpFields, out facts),
        Layer4.ICMPv4FieldNumber => TryIcmp(ref reader, CoreProtocol.ICMPv4, Icmpv4Fields, out facts),
        Layer4.ICMPv6FieldNumber => TryIcmp(ref reader, CoreProtocol.ICMPv6, Icmpv6Fields, out facts),
        _ => ProtoJsonSkipper.TrySkip(ref reader, field),
    };

    // TCP, UDP and SCTP number their ports alike (1 and 2); only TCP has flags (3).
    private static bool TryPorts(ref Utf8JsonReader reader, CoreProtocol protocol, Utf8NameTable<FieldDescriptor> fields, out Layer4Facts facts)
    {
        facts = new Layer4Facts(protocol, 0, 0, false, false);
        return ObjectWalk.TryRead(ref reader, fields, ref facts, static (ref Utf8JsonReader r, FieldDescriptor f, ref Layer4Facts s) =>
        {
            uint port;
            switch (f.FieldNumber)
            {
                case TCP.SourcePortFieldNumber when ProtoJsonScalars.TryReadUInt32(in r, out port):
                    s = s with { SourcePort = (int)port };
                    return true;
                case TCP.DestinationPortFieldNumber when ProtoJsonScalars.TryReadUInt32(in r, out port):
                    s = s with { DestinationPort = (int)port };
                    return true;
                case TCP.FlagsFieldNumber when s.Protocol == CoreProtocol.TCP:
                    return ObjectWalk.TryRead(ref r, FlagFields, ref s, ReadFlag);
                case TCP.SourcePortFieldNumber or TCP.DestinationPortFieldNumber:
                    return false;
                default:
                    return ProtoJsonSkipper.TrySkip(ref r, f);
            }
        });
    }

    private static bool ReadFlag(ref Utf8JsonReader reader, FieldDescriptor field, ref Layer4Facts facts)
    {
        bool set;
        switch (field.FieldNumber)
        {
            case TCPFlags.SYNFieldNumber when JsonRead.TryBool(in reader, out set):
                facts = facts with { Syn = set };
                return true;
            case TCPFlags.ACKFieldNumber when JsonRead.TryBool(in reader, out set):
                facts = facts with { Ack = set };
                return true;
            case TCPFlags.SYNFieldNumber or TCPFlags.ACKFieldNumber:
                return false;
            default:
                return ProtoJsonSkipper.TrySkip(ref reader, field);
        }
    }

    // Cilium's policy matches ICMP by type, carried where the port would be.
    private static bool TryIcmp(ref Utf8JsonReader reader, CoreProtocol protocol, Utf8NameTable<FieldDescriptor> fields, out Layer4Facts facts)
    {
        facts = new Layer4Facts(protocol, 0, 0, false, false);
        return ObjectWalk.TryRead(ref reader, fields, ref facts, static (ref Utf8JsonReader r, FieldDescriptor f, ref Layer4Facts s) =>
        {
            if (f.FieldNumber != ICMPv4.TypeFieldNumber)
            {
                return ProtoJsonSkipper.TrySkip(ref r, f);
            }

            var ok = ProtoJsonScalars.TryReadUInt32(in r, out var type);
            s = s with { DestinationPort = (int)type };
            return ok;
        });
    }
}
