using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// How the fast capture readers take a message-typed JSON value: as an object of fields, as the well-known types they
/// cover (a Timestamp string, a wrapper's bare inner value), or not at all (Any, Struct, Duration, FieldMask: the line
/// goes to Google.Protobuf's parser). One rule, so the direct reader declines exactly what the fast parser does.
/// </summary>
internal enum JsonMessageShape
{
    Object,
    Timestamp,
    Wrapper,
    Declined,
}

/// <summary>The shape of each message type.</summary>
internal static class JsonMessageShapes
{
    /// <summary>The wrapper types' value field.</summary>
    public const int WrapperValueField = 1;

    public static JsonMessageShape Of(MessageDescriptor type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.ClrType == typeof(Timestamp))
        {
            return JsonMessageShape.Timestamp;
        }

        if (type.File == WrappersReflection.Descriptor)
        {
            return JsonMessageShape.Wrapper;
        }

        return type.File == AnyReflection.Descriptor || type.File == StructReflection.Descriptor
            || type.File == DurationReflection.Descriptor || type.File == FieldMaskReflection.Descriptor
            ? JsonMessageShape.Declined
            : JsonMessageShape.Object;
    }
}
