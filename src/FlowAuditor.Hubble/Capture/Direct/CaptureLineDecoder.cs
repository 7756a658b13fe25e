using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using FlowAuditor.Core.Flows;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// Decodes a capture line straight into the event <see cref="CaptureEvents"/> makes of the response the general
/// path parses (<see cref="CaptureLineParser"/> then <see cref="FlowRecordMapper"/>), without building protobuf
/// messages: only the fields the mapper reads are kept, the rest are checked and skipped. It accepts a subset of what
/// <see cref="FastProtoJson"/> accepts (same rules, shared code) and declines the rest, lost events and node status
/// included, for the general path to decide with its own result or diagnostic. One per reading: not thread-safe.
/// </summary>
internal sealed class CaptureLineDecoder
{
    private static readonly Utf8NameTable<FieldDescriptor> ResponseFields = ProtoJsonNames.FieldsOf(GetFlowsResponse.Descriptor);

    private readonly DirectCaches _caches = new();

    // A line's top-level keys (a bare Flow, or a response's node_name and time) and a response's flow.
    private readonly FlowFields _top = new();
    private readonly FlowFields _inner = new();

    /// <summary>Decodes one trimmed, non-empty line carrying a flow; false when the general path must read it.</summary>
    public bool TryDecode(ReadOnlySpan<byte> line, [NotNullWhen(true)] out FlowRecordEvent? flow)
    {
        flow = null;
        try
        {
            if (!TryRead(line, out var wrapped))
            {
                return false;
            }

            // A response's node is its own node_name (a bare Flow's is the flow's, read into the same place).
            var node = _top.NodeName;
            flow = new FlowRecordEvent(Record(wrapped ? _inner : _top, node), node);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Malformed JSON or a string that cannot be decoded: the general path words the diagnostic.
            return false;
        }
    }

    // As FastProtoJson.TryParseCaptureLine: a line with a GetFlowsResponse oneof key is a response, any other object
    // a bare Flow. Keys both types have (node_name, time) count for both.
    private bool TryRead(ReadOnlySpan<byte> line, out bool wrapped)
    {
        wrapped = false;
        _top.Reset();
        _inner.Reset();
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var response = new MessageWalk(ResponseFields);
        var bare = new MessageWalk(FlowReader.Fields);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var responseField = ResponseFields.Find(in reader);
            var flowField = FlowReader.Fields.Find(in reader);
            reader.Read();
            if (responseField is null && flowField is null)
            {
                reader.Skip();
                continue;
            }

            if (responseField is not null)
            {
                if (response.Admit(in reader, responseField) == FieldStep.Decline)
                {
                    return false;
                }

                if (responseField.RealContainingOneof is not null)
                {
                    // Lost events and node status are rare: the general path builds their messages.
                    if (responseField.FieldNumber != GetFlowsResponse.FlowFieldNumber || !FlowReader.TryRead(ref reader, ref line, _inner, _caches))
                    {
                        return false;
                    }

                    wrapped = true;
                    continue;
                }
            }

            if (flowField is not null)
            {
                var step = bare.Admit(in reader, flowField);
                if (step == FieldStep.Decline || (step == FieldStep.Value && !FlowReader.TryReadField(ref reader, flowField, ref line, _top, _caches)))
                {
                    return false;
                }
            }
        }

        // Trailing data after the object is the general path's to report. (The reader may now read a rest of the line.)
        return reader.TokenType == JsonTokenType.EndObject && reader.BytesConsumed == line.Length;
    }

    // As FlowRecordMapper.Map(flow, node).
    private FlowRecord Record(FlowFields f, string node)
    {
        var (dropReason, dropReasonName) = DropReasonNames.Effective(f.DropReasonDesc, f.DropReason);
        return new FlowRecord
        {
            Source = _caches.BuiltEndpoints.Get(f.Source, f.SourceIp, f.SourceNames, f.SourceService),
            Destination = _caches.BuiltEndpoints.Get(f.Destination, f.DestinationIp, f.DestinationNames, f.DestinationService),
            Time = f.Time,
            Uuid = f.Uuid.Length == 0 ? null : f.Uuid,
            NodeName = f.NodeName.Length == 0 ? node : f.NodeName,
            Verdict = (FlowVerdict)f.Verdict,
            DropReason = dropReason,
            DropReasonName = dropReasonName,
            EventType = f.EventType,
            Direction = (FlowDirection)f.Direction,
            IsReply = f.IsReply,
            Protocol = f.Layer4.Protocol,
            SourcePort = f.Layer4.SourcePort,
            DestinationPort = f.Layer4.DestinationPort,
            TcpSyn = f.Layer4.Syn,
            TcpAck = f.Layer4.Ack,
            PolicyMatchType = (int)f.PolicyMatchType,
            EgressAllowedBy = ToArray(f.Policies[0]),
            IngressAllowedBy = ToArray(f.Policies[1]),
            EgressDeniedBy = ToArray(f.Policies[2]),
            IngressDeniedBy = ToArray(f.Policies[3]),
            PolicyLog = ToArray(f.PolicyLog),
        };
    }

    private static T[] ToArray<T>(List<T> items) => items.Count == 0 ? [] : [.. items];
}
