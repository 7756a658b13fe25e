using System.Text.Json;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// Steps over the value of a field the mapper does not read, checking it as <see cref="FastProtoJson"/> would read
/// it, without building anything: a line whose unread parts the general parser would reject (a wrong-typed
/// Summary, an Any extension) is declined, so it still gets the general parser's diagnostic.
/// </summary>
internal static class ProtoJsonSkipper
{
    /// <summary>The reader is on a non-null value of <paramref name="field"/>; on success, on its last token.</summary>
    public static bool TrySkip(ref Utf8JsonReader reader, FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return false;
        }

        if (!field.IsRepeated)
        {
            return TrySkipValue(ref reader, field);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TrySkipValue(ref reader, field))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The reader is on the StartObject of a <paramref name="type"/> message; on success, on its EndObject.</summary>
    public static bool TrySkipObject(ref Utf8JsonReader reader, MessageDescriptor type)
    {
        var walk = new MessageWalk(ProtoJsonNames.FieldsOf(type));
        while (true)
        {
            switch (walk.Next(ref reader, out var field))
            {
                case FieldStep.End:
                    return true;
                case FieldStep.Value when !TrySkip(ref reader, field):
                case FieldStep.Decline:
                    return false;
            }
        }
    }

    private static bool TrySkipValue(ref Utf8JsonReader reader, FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message => TrySkipMessage(ref reader, field.MessageType),
        FieldType.Enum => ProtoJsonScalars.TryReadEnum(in reader, field.EnumType, out _),
        _ => IsScalar(in reader, field.FieldType),
    };

    private static bool TrySkipMessage(ref Utf8JsonReader reader, MessageDescriptor type) => JsonMessageShapes.Of(type) switch
    {
        JsonMessageShape.Timestamp => ProtoJsonScalars.TryReadTimestamp(in reader, out _, out _),
        JsonMessageShape.Wrapper => IsScalar(in reader, type.FindFieldByNumber(JsonMessageShapes.WrapperValueField).FieldType),
        JsonMessageShape.Object => reader.TokenType == JsonTokenType.StartObject && TrySkipObject(ref reader, type),
        _ => false,
    };

    private static bool IsScalar(in Utf8JsonReader reader, FieldType type)
    {
        switch (type)
        {
            case FieldType.String when reader.TokenType == JsonTokenType.String:
                // The fast reader unescapes such a string; one that cannot be (a lone surrogate) throws, and is declined.
                _ = reader.ValueIsEscaped ? reader.GetString() : null;
                return true;
            case FieldType.Bool:
                return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return ProtoJsonScalars.TryReadInt32(in reader, out _);
            case FieldType.UInt32 or FieldType.Fixed32:
                return ProtoJsonScalars.TryReadUInt32(in reader, out _);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return ProtoJsonScalars.TryReadInteger(in reader, long.MinValue, long.MaxValue, out _);
            case FieldType.UInt64 or FieldType.Fixed64:
                return ProtoJsonScalars.TryReadUInt64(in reader, out _);
            default:
                return false;
        }
    }
}
