using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;
using FlowAuditor.Hubble.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// Reads protobuf JSON with <see cref="Utf8JsonReader"/> straight into a message, without turning the line into a
/// string and re-tokenizing it as Google.Protobuf's <see cref="JsonParser"/> does (that was most of an offline audit).
/// It covers what captures contain: scalars, enums by name or number, nested and repeated messages, oneofs, wrappers
/// and UTC timestamps. Anything else (null inside lists, Any, maps, bytes, floats, offsets, duplicate keys, two oneof members)
/// make it answer false, and the caller parses that line with <see cref="JsonParser"/>, so results and error
/// messages stay the generic parser's. Unknown keys are skipped, as the generic parser is told to do.
/// </summary>
internal static class FastProtoJson
{
    private static readonly ConcurrentDictionary<MessageDescriptor, MessageInfo> Messages = new();

    // Capture lines repeat the same labels, namespaces and names on every line: each is decoded once (per thread,
    // since lines are parsed on the reading thread and the cache is not thread-safe).
    [ThreadStatic]
    private static Wire.StringCache? _capturedStrings;

    private static Wire.StringCache CapturedStrings => _capturedStrings ??= new Wire.StringCache();

    /// <summary>Parses one already-validated JSON object, or returns false when the generic parser must do it.</summary>

    public static bool TryParse(ReadOnlySpan<byte> json, MessageDescriptor descriptor, [NotNullWhen(true)] out IMessage? message)
    {
        message = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var result = InfoOf(descriptor).Create();
            if (!TryMergeObject(ref reader, result))
            {
                return false;
            }

            message = result;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads one capture line of either shape in one pass: a line with a GetFlowsResponse oneof key is that response,
    /// any other object a bare Flow, wrapped with its node_name and time. Keys both types have (node_name, time) go to both.
    /// </summary>
    public static bool TryParseCaptureLine(ReadOnlySpan<byte> json, [NotNullWhen(true)] out GetFlowsResponse? response)
    {
        response = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var responseFields = InfoOf(GetFlowsResponse.Descriptor).Fields;
            var flowFields = InfoOf(Flow.Descriptor).Fields;
            var wrapper = new GetFlowsResponse();
            var flow = new Flow();
            var wrapped = false;
            ulong seenWrapper = 0, seenFlow = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var wrapperField = responseFields.Find(in reader);
                var flowField = flowFields.Find(in reader);
                reader.Read();
                var value = reader; // a copy, so a value both types have is read into each
                if (!TryMergeProperty(ref reader, wrapper, wrapperField, ref seenWrapper)
                    || (flowField is not null && !TryMergeProperty(ref value, flow, flowField, ref seenFlow)))
                {
                    return false;
                }

                wrapped |= wrapperField?.ContainingOneof is not null;
                reader = wrapperField is null ? value : reader;
            }

            // Trailing data after the object is JsonParser's and the shape check's to report.
            if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != json.Length)
            {
                return false;
            }

            response = wrapped ? wrapper : new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time?.Clone() };
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    // The reader is on StartObject; on success it is left on the matching EndObject.
    private static bool TryMergeObject(ref Utf8JsonReader reader, IMessage message)
    {
        var table = InfoOf(message.Descriptor).Fields;
        var seen = 0UL;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = table.Find(in reader);
            reader.Read();
            if (!TryMergeProperty(ref reader, message, field, ref seen))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    // The reader is on the value; on success it is left on the value's last token. Unknown keys are skipped.
    private static bool TryMergeProperty(ref Utf8JsonReader reader, IMessage message, FieldDescriptor? field, ref ulong seen)
    {
        if (field is null)
        {
            reader.Skip();
            return true;
        }

        // A repeated key or a second oneof member is rare and has parser-specific outcomes: let JsonParser decide.
        if (field.Index >= 64 || (seen & (1UL << field.Index)) != 0)
        {
            return false;
        }

        seen |= 1UL << field.Index;
        if (reader.TokenType == JsonTokenType.Null)
        {
            // JsonParser clears a field given null (jq projections print empty lists so), except google.protobuf.Value.
            if (field.FieldType == FieldType.Message && field.MessageType.File == StructReflection.Descriptor)
            {
                return false;
            }

            field.Accessor.Clear(message);
            return true;
        }

        if (field.ContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) is not null)
        {
            return false;
        }

        return TryMergeField(ref reader, message, field);
    }

    private static bool TryMergeField(ref Utf8JsonReader reader, IMessage message, FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return false;
        }

        if (!field.IsRepeated)
        {
            if (!TryReadValue(ref reader, field, out var value))
            {
                return false;
            }

            field.Accessor.SetValue(message, value);
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = (IList)field.Accessor.GetValue(message);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryReadValue(ref reader, field, out var item))
            {
                return false;
            }

            list.Add(item);
        }

        return true;
    }

    private static bool TryReadValue(ref Utf8JsonReader reader, FieldDescriptor field, [NotNullWhen(true)] out object? value)
    {
        value = null;
        if (field.FieldType == FieldType.Message)
        {
            return TryReadMessage(ref reader, field.MessageType, out value);
        }

        return field.FieldType == FieldType.Enum
            ? TryReadEnum(in reader, field.EnumType, out value)
            : TryReadScalar(ref reader, field.FieldType, out value);
    }

    private static bool TryReadMessage(ref Utf8JsonReader reader, MessageDescriptor type, [NotNullWhen(true)] out object? value)
    {
        value = null;
        switch (JsonMessageShapes.Of(type))
        {
            case JsonMessageShape.Timestamp:
                if (!ProtoJsonScalars.TryReadTimestamp(in reader, out var seconds, out var nanos))
                {
                    return false;
                }

                value = new Timestamp { Seconds = seconds, Nanos = nanos };
                return true;
            case JsonMessageShape.Wrapper:
                // Wrapper fields are nullable CLR scalars; JSON holds the bare inner value.
                return TryReadScalar(ref reader, type.FindFieldByNumber(JsonMessageShapes.WrapperValueField).FieldType, out value);
            case JsonMessageShape.Object when reader.TokenType == JsonTokenType.StartObject:
                var message = InfoOf(type).Create();
                if (!TryMergeObject(ref reader, message))
                {
                    return false;
                }

                value = message;
                return true;
            default:
                return false;
        }
    }

    private static bool TryReadEnum(in Utf8JsonReader reader, EnumDescriptor type, [NotNullWhen(true)] out object? value)
    {
        value = ProtoJsonScalars.TryReadEnum(in reader, type, out var number) ? SmallBoxes.Int32(number) : null;
        return value is not null;
    }

    private static bool TryReadScalar(ref Utf8JsonReader reader, FieldType type, [NotNullWhen(true)] out object? value)
    {
        value = null;
        switch (type)
        {
            case FieldType.String when reader.TokenType == JsonTokenType.String:
                value = reader.ValueIsEscaped || reader.HasValueSequence ? reader.GetString()! : CapturedStrings.Get(reader.ValueSpan);
                return true;
            case FieldType.Bool when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                value = reader.GetBoolean() ? SmallBoxes.True : SmallBoxes.False;
                return true;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return ProtoJsonScalars.TryReadInt32(in reader, out var i32) && Box(SmallBoxes.Int32(i32), out value);
            case FieldType.UInt32 or FieldType.Fixed32:
                return ProtoJsonScalars.TryReadUInt32(in reader, out var u32) && Box(SmallBoxes.UInt32(u32), out value);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return ProtoJsonScalars.TryReadInteger(in reader, long.MinValue, long.MaxValue, out var i64) && Box(i64, out value);
            case FieldType.UInt64 or FieldType.Fixed64:
                return ProtoJsonScalars.TryReadUInt64(in reader, out var u64) && Box(u64, out value);
            default:
                return false;
        }
    }

    private static bool Box<T>(T number, out object value)
        where T : struct
    {
        value = number;
        return true;
    }

    private static bool Box(object boxed, out object value)
    {
        value = boxed;
        return true;
    }

    private static MessageInfo InfoOf(MessageDescriptor descriptor) => Messages.GetOrAdd(descriptor, static d => new MessageInfo(d));

    /// <summary>What reading one message type needs: its JSON names (proto and lowerCamel, as JsonParser accepts) and a constructor.</summary>
    private sealed class MessageInfo
    {
        public MessageInfo(MessageDescriptor descriptor)
        {
            Fields = ProtoJsonNames.FieldsOf(descriptor);
            Create = Expression.Lambda<Func<IMessage>>(Expression.New(descriptor.ClrType)).Compile();
        }

        public Utf8NameTable<FieldDescriptor> Fields { get; }

        public Func<IMessage> Create { get; }
    }
}
