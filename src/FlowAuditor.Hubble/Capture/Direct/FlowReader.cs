using System.Text;
using System.Text.Json;
using FlowAuditor.Hubble.Api;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// Reads the fields of a Flow JSON object that <see cref="Mapping.FlowRecordMapper"/> reads into <see cref="FlowFields"/>,
/// checks the others as the fast parser would read them, and declines what it does not cover.
/// </summary>
internal static class FlowReader
{
    public static readonly Utf8NameTable<FieldDescriptor> Fields = ProtoJsonNames.FieldsOf(Flow.Descriptor);

    private static readonly Utf8NameTable<FieldDescriptor> IpFields = ProtoJsonNames.FieldsOf(IP.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> EventTypeFields = ProtoJsonNames.FieldsOf(CiliumEventType.Descriptor);

    /// <summary>A whole Flow object (the reader on its StartObject), as a GetFlowsResponse's flow.</summary>
    /// <remarks>The reader may be replaced by one over the rest of the line, which <paramref name="line"/> then is (see <see cref="SeenObjects{T}"/>).</remarks>
    public static bool TryRead(ref Utf8JsonReader reader, ref ReadOnlySpan<byte> line, FlowFields fields, DirectCaches caches)
    {
        var state = new State(fields, caches, line);
        var ok = ObjectWalk.TryRead(ref reader, Fields, ref state, ReadField);
        line = state.Line;
        return ok;
    }

    /// <summary>One admitted, non-null field of a Flow, as a bare Flow line's top-level keys are.</summary>
    public static bool TryReadField(ref Utf8JsonReader reader, FieldDescriptor field, ref ReadOnlySpan<byte> line, FlowFields fields, DirectCaches caches)
    {
        var state = new State(fields, caches, line);
        var ok = ReadField(ref reader, field, ref state);
        line = state.Line;
        return ok;
    }

    private static bool ReadField(ref Utf8JsonReader reader, FieldDescriptor field, ref State state)
    {
        var f = state.Fields;
        var caches = state.Caches;
        switch (field.FieldNumber)
        {
            case Flow.TimeFieldNumber:
                if (!ProtoJsonScalars.TryReadTimestamp(in reader, out var seconds, out var nanos))
                {
                    return false;
                }

                // As Timestamp.ToDateTimeOffset: UTC, to the tick.
                f.Time = DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanos / 100));
                return true;
            case Flow.UuidFieldNumber:
                // Unique per flow: decoded, not interned.
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                f.Uuid = reader.ValueIsEscaped ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);
                return true;
            case Flow.NodeNameFieldNumber:
                return JsonRead.TryString(in reader, caches.Strings, out f.NodeName);
            case Flow.VerdictFieldNumber:
                return ProtoJsonScalars.TryReadEnum(in reader, field.EnumType, out f.Verdict);
            case Flow.DropReasonFieldNumber:
                return ProtoJsonScalars.TryReadUInt32(in reader, out f.DropReason);
            case Flow.DropReasonDescFieldNumber:
                return ProtoJsonScalars.TryReadEnum(in reader, field.EnumType, out f.DropReasonDesc);
            case Flow.TrafficDirectionFieldNumber:
                return ProtoJsonScalars.TryReadEnum(in reader, field.EnumType, out f.Direction);
            case Flow.PolicyMatchTypeFieldNumber:
                return ProtoJsonScalars.TryReadUInt32(in reader, out f.PolicyMatchType);
            case Flow.IsReplyFieldNumber:
                var isReply = JsonRead.TryBool(in reader, out var reply);
                f.IsReply = reply;
                return isReply;
            case Flow.EventTypeFieldNumber:
                return ObjectWalk.TryRead(ref reader, EventTypeFields, ref f.EventType, static (ref Utf8JsonReader r, FieldDescriptor d, ref int type) =>
                    d.FieldNumber == CiliumEventType.TypeFieldNumber ? ProtoJsonScalars.TryReadInt32(in r, out type) : ProtoJsonSkipper.TrySkip(ref r, d));
            case Flow.L4FieldNumber:
                return Layer4Reader.TryRead(ref reader, out f.Layer4);
            case Flow.IPFieldNumber:
                return ObjectWalk.TryRead(ref reader, IpFields, ref state, static (ref Utf8JsonReader r, FieldDescriptor d, ref State s) => d.FieldNumber switch
                {
                    IP.SourceFieldNumber => JsonRead.TryAddress(in r, s.Caches.Addresses, out s.Fields.SourceIp),
                    IP.DestinationFieldNumber => JsonRead.TryAddress(in r, s.Caches.Addresses, out s.Fields.DestinationIp),
                    _ => ProtoJsonSkipper.TrySkip(ref r, d),
                });
            case Flow.SourceFieldNumber:
                return caches.Endpoints.TryRead(ref reader, ref state.Line, out f.Source);
            case Flow.DestinationFieldNumber:
                return caches.Endpoints.TryRead(ref reader, ref state.Line, out f.Destination);
            case Flow.SourceServiceFieldNumber:
                return caches.Services.TryRead(ref reader, ref state.Line, out f.SourceService);
            case Flow.DestinationServiceFieldNumber:
                return caches.Services.TryRead(ref reader, ref state.Line, out f.DestinationService);
            case Flow.SourceNamesFieldNumber:
                return JsonRead.TryStrings(ref reader, caches.Strings, f.SourceNames);
            case Flow.DestinationNamesFieldNumber:
                return JsonRead.TryStrings(ref reader, caches.Strings, f.DestinationNames);
            case Flow.PolicyLogFieldNumber:
                return JsonRead.TryStrings(ref reader, caches.Strings, f.PolicyLog);
            case Flow.EgressAllowedByFieldNumber:
                return TryPolicies(ref reader, ref state, 0);
            case Flow.IngressAllowedByFieldNumber:
                return TryPolicies(ref reader, ref state, 1);
            case Flow.EgressDeniedByFieldNumber:
                return TryPolicies(ref reader, ref state, 2);
            case Flow.IngressDeniedByFieldNumber:
                return TryPolicies(ref reader, ref state, 3);
            default:
                return ProtoJsonSkipper.TrySkip(ref reader, field);
        }
    }

    private static bool TryPolicies(ref Utf8JsonReader reader, ref State state, int list)
    {
        state.PolicyList = state.Fields.Policies[list];
        return ObjectWalk.TryReadArray(ref reader, ref state, static (ref Utf8JsonReader r, ref State s) =>
        {
            if (!s.Caches.Policies.TryRead(ref r, ref s.Line, out var policy))
            {
                return false;
            }

            if (policy is not null)
            {
                s.PolicyList!.Add(policy);
            }

            return true;
        });
    }

    private ref struct State(FlowFields fields, DirectCaches caches, ReadOnlySpan<byte> line)
    {
        public readonly FlowFields Fields = fields;
        public readonly DirectCaches Caches = caches;
        public ReadOnlySpan<byte> Line = line;
        public List<Core.Policies.PolicyRef>? PolicyList;
    }
}
