using System.Globalization;
using System.Text;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// One line per flow in the style of `hubble observe -o compact`:
/// `Jul 31 10:41:02.202: net-lab/traffic-generator-…:60524 (ID:24753) -> net-lab/echo-server-…:80 (ID:24075) policy-verdict:L3-Only EGRESS DENIED (TCP Flags: SYN)`.
/// </summary>
internal static class CompactFlowFormatter
{
    private static readonly string[] MatchTypes = ["none", "L3-Only", "L3-L4", "L4-Only", "all", "L3-Proto", "Proto-Only"];

    public static string Format(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var time = flow.Time?.ToDateTimeOffset().ToString("MMM dd HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-";
        var (sourcePort, destinationPort) = Ports(flow.L4);
        var source = Endpoint(flow.Source, flow.IP?.Source, sourcePort);
        var destination = Endpoint(flow.Destination, flow.IP?.Destination, destinationPort);
        // A reply is printed from the connection's point of view, as hubble does.
        var link = flow.IsReply switch
        {
            true => $"{destination} <- {source}",
            false => $"{source} -> {destination}",
            null => $"{source} <> {destination}",
        };
        var line = new StringBuilder().Append(time).Append(": ").Append(link);
        var kind = EventKind(flow);
        if (kind.Length > 0)
        {
            line.Append(' ').Append(kind);
        }

        line.Append(' ').Append(VerdictWord(flow));
        if (flow.Summary.Length > 0)
        {
            line.Append(" (").Append(flow.Summary).Append(')');
        }

        return line.ToString();
    }

    private static string Endpoint(Endpoint? endpoint, string? ip, uint port)
    {
        var name = endpoint is { PodName.Length: > 0 } ? $"{endpoint.Namespace}/{endpoint.PodName}" : ip is { Length: > 0 } ? ip : "-";
        var address = port == 0 ? name : $"{name}:{port.ToString(CultureInfo.InvariantCulture)}";
        var reserved = endpoint?.Labels.FirstOrDefault(l => l.StartsWith("reserved:", StringComparison.Ordinal));
        var identity = reserved is not null ? reserved["reserved:".Length..]
            : endpoint is { Identity: > 0 } ? $"ID:{endpoint.Identity.ToString(CultureInfo.InvariantCulture)}"
            : null;
        return identity is null ? address : $"{address} ({identity})";
    }

    private static (uint Source, uint Destination) Ports(Layer4? l4) => l4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => (l4.TCP.SourcePort, l4.TCP.DestinationPort),
        Layer4.ProtocolOneofCase.UDP => (l4.UDP.SourcePort, l4.UDP.DestinationPort),
        Layer4.ProtocolOneofCase.SCTP => (l4.SCTP.SourcePort, l4.SCTP.DestinationPort),
        _ => (0, 0),
    };

    private static string EventKind(Flow flow) => flow.EventType?.Type switch
    {
        1 => DropText(flow),
        4 => Kebab(flow.TraceObservationPoint.ToString()),
        5 => $"policy-verdict:{Match(flow.PolicyMatchType)} {Direction(flow.TrafficDirection)}".TrimEnd(),
        129 => $"{flow.L7?.RecordCase.ToString().ToLowerInvariant()}-{flow.L7?.Type.ToString().ToLowerInvariant()}",
        _ => "",
    };

    private static string VerdictWord(Flow flow) => (flow.EventType?.Type, flow.Verdict) switch
    {
        (5, Verdict.Forwarded or Verdict.Redirected) => "ALLOWED",
        (5, Verdict.Dropped) => "DENIED",
        (5, Verdict.Audit) => "AUDITED",
        (_, var v) => Enum.IsDefined(v) ? UpperSnake(v.ToString()) : ((int)v).ToString(CultureInfo.InvariantCulture),
    };

    private static string DropText(Flow flow) => flow.DropReasonDesc switch
    {
        DropReason.PolicyDenied => "Policy denied",
        DropReason.PolicyDeny => "Policy denied by denylist",
        var reason when Enum.IsDefined(reason) => UpperSnake(reason.ToString()),
        _ => $"drop reason {flow.DropReason.ToString(CultureInfo.InvariantCulture)}",
    };

    private static string Match(uint type) => type < MatchTypes.Length ? MatchTypes[type] : type.ToString(CultureInfo.InvariantCulture);

    private static string Direction(TrafficDirection direction) => direction switch
    {
        TrafficDirection.Ingress => "INGRESS",
        TrafficDirection.Egress => "EGRESS",
        _ => "",
    };

    private static string UpperSnake(string pascal) => Words(pascal, '_').ToUpperInvariant();

    private static string Kebab(string pascal) => Words(pascal, '-').ToLowerInvariant();

    private static string Words(string pascal, char separator)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(separator);
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
