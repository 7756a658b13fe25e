using FlowAuditor.Hubble.Api;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>Hand-made flows as an agent reports them, each named by its uuid, for filter and pass tests.</summary>
internal static class AgentFlows
{
    public static readonly DateTimeOffset Start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    public static Flow Tcp(string uuid, string srcIp, uint srcPort, string dstIp, uint dstPort, bool? reply = false) => new()
    {
        Uuid = uuid,
        Verdict = Verdict.Forwarded,
        IP = new IP { Source = srcIp, Destination = dstIp, IpVersion = dstIp.Contains(':', StringComparison.Ordinal) ? IPVersion.Ipv6 : IPVersion.Ipv4 },
        L4 = new Layer4 { TCP = new TCP { SourcePort = srcPort, DestinationPort = dstPort, Flags = new TCPFlags { SYN = reply != true, ACK = reply == true } } },
        IsReply = reply,
        EventType = new CiliumEventType { Type = 4 },
        NodeName = "kind-worker",
    };

    public static Flow Udp(string uuid, string srcIp, uint srcPort, string dstIp, uint dstPort) => new()
    {
        Uuid = uuid,
        Verdict = Verdict.Forwarded,
        IP = new IP { Source = srcIp, Destination = dstIp, IpVersion = IPVersion.Ipv4 },
        L4 = new Layer4 { UDP = new UDP { SourcePort = srcPort, DestinationPort = dstPort } },
        IsReply = false,
        EventType = new CiliumEventType { Type = 4 },
        NodeName = "kind-worker",
    };

    public static Endpoint Pod(string ns, string pod, params string[] labels) => new()
    {
        Namespace = ns,
        PodName = pod,
        Labels = { labels },
        Identity = (uint)(1000 + pod.Length),
    };

    /// <summary>The flows as capture records, 1 ms apart in the given order.</summary>
    public static List<GetFlowsResponse> Records(IEnumerable<Flow> flows) =>
        [.. flows.Select((f, i) =>
        {
            f.Time = Timestamp.FromDateTimeOffset(Start.AddMilliseconds(i));
            return new GetFlowsResponse { Flow = f, NodeName = f.NodeName, Time = f.Time.Clone() };
        })];
}
