using System.Text;
using FlowAuditor.Hubble.Api;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// The pieces of a flow as hubble's printer renders them (<c>hubble/pkg/printer/printer.go</c>: <c>GetHostNames</c>,
/// <c>Hostname</c>, <c>fmtIdentity</c>, <c>GetFlowType</c>, <c>getVerdict</c>, <c>getSummary</c>, <c>fmtTimestamp</c>),
/// with IP translation on and colours off, as <c>hubble observe</c> prints into a pipe.
/// </summary>
internal static class HubbleFlowText
{
    /// <summary>Go's <c>time.StampMilli</c> (<c>Jan _2 15:04:05.000</c>, day padded with a space), in UTC; as <see cref="CompactLine"/> writes it.</summary>
    public static string Timestamp(Timestamp? time)
    {
        using var text = OutputBuffer.InMemory();
        CompactLine.Timestamp(time, text);
        return text.TextFrom(0);
    }

    /// <summary>Source and destination: pod, else service, else DNS names, else IP, with the port when not 0; as <see cref="CompactLine"/> writes them.</summary>
    public static (string Source, string Destination) HostNames(Flow flow) => (Host(flow, source: true), Host(flow, source: false));

    /// <summary>The TYPE column: L7 record kind, trace point, drop reason, policy-verdict match and direction, ...</summary>
    public static string FlowType(Flow flow)
    {
        if (flow.L7 is { } l7)
        {
            var type = ProtoEnumText.Of(l7.Type).ToLowerInvariant();
            return l7.RecordCase switch
            {
                Layer7.RecordOneofCase.Http => $"http-{type}",
                Layer7.RecordOneofCase.Dns => $"dns-{type} {l7.Dns.ObservationSource}",
                Layer7.RecordOneofCase.Kafka => $"kafka-{type}",
                _ => $"l7-{type}",
            };
        }

        var subType = flow.EventType?.SubType ?? 0;
        return (flow.EventType?.Type ?? 0) switch
        {
            4 => MonitorNames.TracePoint(subType),
            1 => MonitorNames.DropReason(subType),
            5 => $"policy-verdict:{MonitorNames.MatchType(flow.PolicyMatchType)} {ProtoEnumText.Of(flow.TrafficDirection)}",
            3 => ProtoEnumText.Of(flow.DebugCapturePoint),
            7 => flow.SockXlatePoint switch
            {
                SocketTranslationPoint.SockXlatePointPostDirectionFwd => "post-xlate-fwd",
                SocketTranslationPoint.SockXlatePointPostDirectionRev => "post-xlate-rev",
                SocketTranslationPoint.SockXlatePointPreDirectionFwd => "pre-xlate-fwd",
                SocketTranslationPoint.SockXlatePointPreDirectionRev => "pre-xlate-rev",
                var point => ProtoEnumText.Of(point),
            },
            _ => "UNKNOWN",
        };
    }

    /// <summary>The verdict name; on policy-verdict events ALLOWED, DENIED or AUDITED.</summary>
    public static string Verdict(Flow flow)
    {
        var policyVerdict = flow.EventType?.Type == 5;
        return flow.Verdict switch
        {
            FlowAuditor.Hubble.Api.Verdict.Forwarded or FlowAuditor.Hubble.Api.Verdict.Redirected when policyVerdict => "ALLOWED",
            FlowAuditor.Hubble.Api.Verdict.Dropped or FlowAuditor.Hubble.Api.Verdict.Error when policyVerdict => "DENIED",
            FlowAuditor.Hubble.Api.Verdict.Audit when policyVerdict => "AUDITED",
            var verdict => ProtoEnumText.Of(verdict),
        };
    }

    /// <summary>The flow's summary, with <c>; Auth: SPIRE</c> when authentication was required.</summary>
    public static string SummaryWithAuth(Flow flow) =>
        flow.AuthType == AuthType.Disabled ? Summary(flow) : $"{Summary(flow)}; Auth: {ProtoEnumText.Of(flow.AuthType)}";

    public static string Summary(Flow flow) => Escape(flow.Summary);

    /// <summary>Control characters shown visibly (ESC as <c>^[</c>), so flow text cannot drive the terminal.</summary>
    public static string Escape(string text)
    {
        // char.IsControl is exactly C0 and C1; a span search keeps the common case allocation-free.
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\r' => escaped.Append("\\r"),
                '\n' => escaped.Append("\\n"),
                '\t' => escaped.Append('\t'),
                _ when c < 0x20 => escaped.Append('^').Append((char)(c + 0x40)),
                _ when char.IsControl(c) => escaped.Append('?'),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    private static string Host(Flow flow, bool source)
    {
        using var text = OutputBuffer.InMemory();
        CompactLine.Host(flow, source, text);
        return text.TextFrom(0);
    }
}
