using System.Text.Json;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// Walks the properties of one JSON object of a known message type, admitting each field by the rules of
/// <see cref="FastProtoJson"/> (so a line it declines is declined here too): unknown keys are skipped; a repeated key,
/// a second oneof member or a null oneof member is declined. A walk is one object's state: create one per object.
/// </summary>
internal struct MessageWalk(Utf8NameTable<FieldDescriptor> fields)
{
    private ulong _seen;
    private ulong _oneofs;

    /// <summary>Moves to the next known field. The reader starts on the object's StartObject or a previous value's last token.</summary>
    public FieldStep Next(ref Utf8JsonReader reader, out FieldDescriptor field)
    {
        while (true)
        {
            field = null!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return reader.TokenType == JsonTokenType.EndObject ? FieldStep.End : FieldStep.Decline;
            }

            var found = fields.Find(in reader);
            reader.Read();
            if (found is null)
            {
                reader.Skip();
                continue;
            }

            field = found;
            return Admit(in reader, found);
        }
    }

    /// <summary>Admits <paramref name="field"/>, whose value the reader is on.</summary>
    public FieldStep Admit(in Utf8JsonReader reader, FieldDescriptor field)
    {
        if (field.Index >= 64 || (_seen & (1UL << field.Index)) != 0)
        {
            return FieldStep.Decline;
        }

        _seen |= 1UL << field.Index;
        var oneof = field.RealContainingOneof;
        if (reader.TokenType == JsonTokenType.Null)
        {
            // JsonParser keeps null for google.protobuf.Value; clearing a oneof member may clear its sibling.
            var isValue = field.FieldType == FieldType.Message && field.MessageType.File == StructReflection.Descriptor;
            return isValue || oneof is not null ? FieldStep.Decline : FieldStep.Null;
        }

        if (oneof is not null)
        {
            if (oneof.Index >= 64 || (_oneofs & (1UL << oneof.Index)) != 0)
            {
                return FieldStep.Decline;
            }

            _oneofs |= 1UL << oneof.Index;
        }

        return FieldStep.Value;
    }
}
