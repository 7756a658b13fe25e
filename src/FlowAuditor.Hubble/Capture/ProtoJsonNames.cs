using System.Collections.Concurrent;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// The names protobuf JSON accepts for a message's fields (proto and lowerCamel, as JsonParser accepts) and for an
/// enum's values (proto names), built once per type and shared by both fast capture readers.
/// </summary>
internal static class ProtoJsonNames
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Utf8NameTable<FieldDescriptor>> Fields = new();
    private static readonly ConcurrentDictionary<EnumDescriptor, Utf8NameTable<EnumValueDescriptor>> EnumValues = new();

    public static Utf8NameTable<FieldDescriptor> FieldsOf(MessageDescriptor descriptor) => Fields.GetOrAdd(descriptor, static d =>
    {
        var names = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in d.Fields.InFieldNumberOrder())
        {
            names[field.Name] = field;
            names[field.JsonName] = field;
        }

        return new Utf8NameTable<FieldDescriptor>(names);
    });

    public static Utf8NameTable<EnumValueDescriptor> ValuesOf(EnumDescriptor descriptor) =>
        EnumValues.GetOrAdd(descriptor, static t => new Utf8NameTable<EnumValueDescriptor>(t.Values.ToDictionary(v => v.Name)));
}
