using System.Text;
using FlowAuditor.Core.Labels;
using FlowAuditor.Hubble.Api;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// One capture record prepared for serving: the payload encoded once without the parts that change per send
/// (flow time and uuid), so a send is a copy plus a few varints.
/// </summary>
internal sealed class ReplayEntry
{
    private LabelSet? _sourceLabels;
    private LabelSet? _destinationLabels;

    private ReplayEntry(GetFlowsResponse response, bool? isReply = null)
    {
        Response = response;
        PayloadField = response.ResponseTypesCase switch
        {
            GetFlowsResponse.ResponseTypesOneofCase.Flow => GetFlowsResponse.FlowFieldNumber,
            GetFlowsResponse.ResponseTypesOneofCase.NodeStatus => GetFlowsResponse.NodeStatusFieldNumber,
            GetFlowsResponse.ResponseTypesOneofCase.LostEvents => GetFlowsResponse.LostEventsFieldNumber,
            _ => throw new ArgumentException("a replay record must hold a flow, node status or lost events", nameof(response)),
        };
        NodeName = response.NodeName.Length > 0 ? response.NodeName : response.Flow?.NodeName ?? "";
        var time = response.Flow?.Time ?? response.Time;
        OriginalTimeNanos = time is null ? null : WireTimestamp.ToUnixNanos(time);
        if (response.Flow is { } flow)
        {
            var stripped = flow.Clone();
            stripped.Time = null;
            stripped.Uuid = "";
            Body = stripped.ToByteArray();
            Uuid = flow.Uuid;
            UuidUtf8 = Encoding.UTF8.GetBytes(flow.Uuid);
            UuidGuid = Guid.TryParse(flow.Uuid, out var guid) ? guid : null;
            HasFlowTime = flow.Time is not null;
            SplitPorts(stripped, isReply);
        }
        else
        {
            Body = response.ResponseTypesCase == GetFlowsResponse.ResponseTypesOneofCase.LostEvents
                ? response.LostEvents.ToByteArray()
                : response.NodeStatus.ToByteArray();
        }

        NodeNameField = NodeName.Length == 0 ? [] : EncodeNodeName(NodeName);
    }

    public GetFlowsResponse Response { get; }

    public Flow? Flow => Response.Flow;

    public bool IsFlow => Response.Flow is not null;

    public int PayloadField { get; }

    public byte[] Body { get; }

    public string NodeName { get; }

    public long? OriginalTimeNanos { get; }

    /// <summary>Whether the flow itself carried a time (partial captures may not).</summary>
    public bool HasFlowTime { get; }

    public string Uuid { get; } = "";

    public byte[] UuidUtf8 { get; } = [];

    public Guid? UuidGuid { get; }

    public byte[] NodeNameField { get; }

    /// <summary>Layer4 oneof field of a TCP, UDP or SCTP flow (0 otherwise): the flows whose ports a pass can move.</summary>
    public int PortProtocolField { get; private set; }

    /// <summary>The flow body without its l4 field, for sends with moved ports.</summary>
    public byte[] BodyWithoutL4 { get; private set; } = [];

    /// <summary>The TCP/UDP/SCTP message without its two port fields.</summary>
    public byte[] L4WithoutPorts { get; private set; } = [];

    public uint SourcePort { get; private set; }

    public uint DestinationPort { get; private set; }

    public bool IsReply { get; private set; }

    /// <summary>The source endpoint's labels, parsed once for label filters.</summary>
    public LabelSet SourceLabels => _sourceLabels ??= LabelSet.Parse(Flow?.Source?.Labels ?? []);

    public LabelSet DestinationLabels => _destinationLabels ??= LabelSet.Parse(Flow?.Destination?.Labels ?? []);

    public static ReplayEntry From(GetFlowsResponse response) => new(response);

    /// <summary>
    /// This flow as a field mask serves it, prepared once like any entry. It keeps this entry's reply direction, so a
    /// later pass moves the same ports even when the mask leaves is_reply out.
    /// </summary>
    public ReplayEntry Masked(FlowMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return new ReplayEntry(new GetFlowsResponse { Flow = mask.Apply(Flow!), NodeName = Response.NodeName, Time = Response.Time }, IsReply);
    }

    private void SplitPorts(Flow stripped, bool? isReply)
    {
        var l4 = stripped.L4;
        IMessage? protocol = l4?.ProtocolCase switch
        {
            Layer4.ProtocolOneofCase.TCP => l4.TCP.Clone(),
            Layer4.ProtocolOneofCase.UDP => l4.UDP.Clone(),
            Layer4.ProtocolOneofCase.SCTP => l4.SCTP.Clone(),
            _ => null,
        };
        switch (protocol)
        {
            case TCP tcp:
                (SourcePort, DestinationPort, tcp.SourcePort, tcp.DestinationPort) = (tcp.SourcePort, tcp.DestinationPort, 0, 0);
                break;
            case UDP udp:
                (SourcePort, DestinationPort, udp.SourcePort, udp.DestinationPort) = (udp.SourcePort, udp.DestinationPort, 0, 0);
                break;
            case SCTP sctp:
                (SourcePort, DestinationPort, sctp.SourcePort, sctp.DestinationPort) = (sctp.SourcePort, sctp.DestinationPort, 0, 0);
                break;
            default:
                return;
        }

        PortProtocolField = (int)l4!.ProtocolCase;
        L4WithoutPorts = protocol.ToByteArray();
        IsReply = isReply ?? PassStamp.IsReply(stripped);
        var withoutL4 = stripped.Clone();
        withoutL4.L4 = null;
        BodyWithoutL4 = withoutL4.ToByteArray();
    }

    private static byte[] EncodeNodeName(string nodeName)
    {
        var utf8 = Encoding.UTF8.GetBytes(nodeName);
        var bytes = new byte[WireWriter.LengthDelimitedSize(GetFlowsResponse.NodeNameFieldNumber, utf8.Length)];
        var writer = new WireWriter(bytes);
        writer.WriteLengthPrefix(GetFlowsResponse.NodeNameFieldNumber, utf8.Length);
        writer.WriteRaw(utf8);
        return bytes;
    }
}
