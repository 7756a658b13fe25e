using FlowAuditor.Hubble.Api;
using Google.Protobuf.Collections;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// One <c>-o compact</c> line written straight into the output buffer, with hubble's printer rules (see
/// <see cref="HubbleFlowText"/>): the common pieces (time, hosts, ports, identities, trace/drop/policy-verdict type,
/// verdict, summary) without building a string for each, which was most of the cost of compact output. Its time and
/// host writers are the only copy of those rules; the dict and table outputs take their strings from them.
/// </summary>
internal static class CompactLine
{
    private static readonly byte[][] Months =
        [.. new[] { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }.Select(m => System.Text.Encoding.ASCII.GetBytes(m))];

    /// <summary>Appends the line and its newline.</summary>
    public static void Write(Flow flow, bool printNodeName, OutputBuffer output)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(output);
        Timestamp(flow.Time, output);
        if (printNodeName)
        {
            output.Write(" ["u8);
            output.Write(flow.NodeName);
            output.Write((byte)']');
        }

        output.Write(": "u8);
        // A reply is shown from the connection's point of view: the client stays on the left.
        var reply = flow.IsReply == true;
        Endpoint(flow, source: !reply, output);
        output.Write(flow.IsReply is null ? " <> "u8 : reply ? " <- "u8 : " -> "u8);
        Endpoint(flow, source: reply, output);
        output.Write((byte)' ');
        FlowType(flow, output);
        output.Write((byte)' ');
        output.Write(HubbleFlowText.Verdict(flow));
        output.Write(" ("u8);
        Escaped(flow.Summary, output);
        if (flow.AuthType != AuthType.Disabled)
        {
            output.Write("; Auth: "u8);
            output.Write(ProtoEnumText.Of(flow.AuthType));
        }

        output.Write(")\n"u8);
    }

    // Go's time.StampMilli in UTC (Jan _2 15:04:05.000), N/A when there is no valid time.
    internal static void Timestamp(Google.Protobuf.WellKnownTypes.Timestamp? time, OutputBuffer output)
    {
        if (time is null || time.Seconds < -62135596800 || time.Seconds > 253402300799 || time.Nanos is < 0 or > 999_999_999)
        {
            output.Write("N/A"u8);
            return;
        }

        var t = DateTime.UnixEpoch.AddSeconds(time.Seconds);
        var span = output.GetSpan(19);
        Months[t.Month - 1].CopyTo(span);
        span[3] = (byte)' ';
        span[4] = t.Day < 10 ? (byte)' ' : (byte)('0' + (t.Day / 10));
        span[5] = (byte)('0' + (t.Day % 10));
        span[6] = (byte)' ';
        ProtoJsonWriter.Digits(span.Slice(7, 2), t.Hour);
        span[9] = (byte)':';
        ProtoJsonWriter.Digits(span.Slice(10, 2), t.Minute);
        span[12] = (byte)':';
        ProtoJsonWriter.Digits(span.Slice(13, 2), t.Second);
        span[15] = (byte)'.';
        ProtoJsonWriter.Digits(span.Slice(16, 3), time.Nanos / 1_000_000);
        output.Advance(19);
    }

    // The host (pod, else service, else DNS names, else IP; with the port when not 0) and its identity.
    private static void Endpoint(Flow flow, bool source, OutputBuffer output)
    {
        Host(flow, source, output);
        output.Write((byte)' ');
        var identity = (source ? flow.Source : flow.Destination)?.Identity ?? 0;
        if (MonitorNames.ReservedIdentity(identity) is { } name)
        {
            output.Write((byte)'(');
            output.Write(name);
            output.Write((byte)')');
        }
        else
        {
            output.Write("(ID:"u8);
            output.Write(identity);
            output.Write((byte)')');
        }
    }

    internal static void Host(Flow flow, bool source, OutputBuffer output)
    {
        if (flow.IP is null)
        {
            Escaped(flow.Ethernet is { } eth ? source ? eth.Source : eth.Destination : "", output);
            return;
        }

        var endpoint = source ? flow.Source : flow.Destination;
        var service = source ? flow.SourceService : flow.DestinationService;
        var names = source ? flow.SourceNames : flow.DestinationNames;
        var port = Port(flow.L4, source);
        // As upstream: a service's namespace replaces the endpoint's even when the pod name is shown.
        var ns = service?.Namespace ?? endpoint?.Namespace ?? "";
        var pod = endpoint?.PodName ?? "";
        var serviceName = service?.Name ?? "";
        var named = pod.Length > 0 ? pod : serviceName.Length > 0 ? serviceName : null;
        // Go's net.JoinHostPort brackets any host with a colon (IPv6).
        var bracket = port is > 0 && (named is not null
            ? ns.Contains(':', StringComparison.Ordinal) || named.Contains(':', StringComparison.Ordinal)
            : names.Count > 0 ? names.Any(n => n.Contains(':', StringComparison.Ordinal)) : (source ? flow.IP.Source : flow.IP.Destination).Contains(':', StringComparison.Ordinal));
        if (bracket)
        {
            output.Write((byte)'[');
        }

        if (named is not null)
        {
            if (ns.Length > 0)
            {
                Escaped(ns, output);
                output.Write((byte)'/');
            }

            Escaped(named, output);
        }
        else if (names.Count > 0)
        {
            Joined(names, output);
        }
        else
        {
            Escaped(source ? flow.IP.Source : flow.IP.Destination, output);
        }

        if (bracket)
        {
            output.Write((byte)']');
        }

        if (port is > 0)
        {
            output.Write((byte)':');
            output.Write(port.Value);
        }
    }

    private static void Joined(RepeatedField<string> names, OutputBuffer output)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                output.Write((byte)',');
            }

            Escaped(names[i], output);
        }
    }

    private static uint? Port(Layer4? l4, bool source) => l4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => source ? l4.TCP.SourcePort : l4.TCP.DestinationPort,
        Layer4.ProtocolOneofCase.UDP => source ? l4.UDP.SourcePort : l4.UDP.DestinationPort,
        Layer4.ProtocolOneofCase.SCTP => source ? l4.SCTP.SourcePort : l4.SCTP.DestinationPort,
        _ => null,
    };

    // The TYPE column; a policy verdict (the one type whose text is built per flow) without an intermediate string.
    private static void FlowType(Flow flow, OutputBuffer output)
    {
        if (flow.L7 is null && flow.EventType?.Type == 5)
        {
            output.Write("policy-verdict:"u8);
            output.Write(MonitorNames.MatchType(flow.PolicyMatchType));
            output.Write((byte)' ');
            output.Write(ProtoEnumText.Of(flow.TrafficDirection));
            return;
        }

        output.Write(HubbleFlowText.FlowType(flow));
    }

    private static void Escaped(string text, OutputBuffer output) =>
        output.Write(HubbleFlowText.Escape(text));
}
