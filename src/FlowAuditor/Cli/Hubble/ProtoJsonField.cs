using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Cli.Hubble;

/// <summary>One field of a <see cref="ProtoJsonPlan"/>.</summary>
internal sealed class ProtoJsonField
{
    public ProtoJsonField(FieldDescriptor field)
        : this(field, compiledGetters: RuntimeFeature.IsDynamicCodeSupported)
    {
    }

    /// <param name="field">The field.</param>
    /// <param name="compiledGetters">
    /// Bind delegates to the generated properties (no boxing per read); without, read through Google.Protobuf's
    /// <see cref="IFieldAccessor"/>, which a native AOT build needs: it cannot make the getters' generic types at run time.
    /// </param>
    internal ProtoJsonField(FieldDescriptor field, bool compiledGetters)
    {
        ArgumentNullException.ThrowIfNull(field);
        Accessor = field.Accessor;
        Repeated = field.IsRepeated;
        Kind = KindOf(field);
        MessageTyped = field.FieldType is FieldType.Message or FieldType.Group;
        HasPresence = field.HasPresence && !MessageTyped;
        using var name = OutputBuffer.InMemory();
        ProtoJsonWriter.WriteString(field.Name, name);
        name.Write(": "u8);
        Name = name.ToArray();
        var getters = compiledGetters ? new CompiledGetters(field) : null;
        Object = Reader<object?>(Accessor, getters);
        Getter = Kind switch
        {
            _ when Repeated => Object,
            ProtoJsonKind.Bool => Reader<bool>(Accessor, getters),
            ProtoJsonKind.Int32 or ProtoJsonKind.Enum => Reader<int>(Accessor, getters),
            ProtoJsonKind.UInt32 => Reader<uint>(Accessor, getters),
            ProtoJsonKind.Int64 => Reader<long>(Accessor, getters),
            ProtoJsonKind.UInt64 => Reader<ulong>(Accessor, getters),
            _ => Object,
        };
        if (field.FieldType == FieldType.Enum)
        {
            EnumNames = EnumNamesOf(field.EnumType);
        }

        if (Kind == ProtoJsonKind.Message)
        {
            Message = ProtoJsonPlan.Of(field.MessageType);
        }
    }

    /// <summary><c>"name": </c>, escaped as the formatter escapes it.</summary>
    public byte[] Name { get; }

    public ProtoJsonKind Kind { get; }

    public bool Repeated { get; }

    /// <summary>A message field: written when not null.</summary>
    public bool MessageTyped { get; }

    /// <summary>A scalar with presence (oneof member, proto3 optional): written when set, whatever its value.</summary>
    public bool HasPresence { get; }

    public IFieldAccessor Accessor { get; }

    /// <summary>The property as an object (messages, strings, lists; boxes value types).</summary>
    public Func<IMessage, object?> Object { get; }

    /// <summary>A <c>Func&lt;IMessage, T&gt;</c> of the kind's type (an enum as its int).</summary>
    public Delegate Getter { get; }

    public IReadOnlyDictionary<int, byte[]>? EnumNames { get; }

    public ProtoJsonPlan? Message { get; }

    private static ProtoJsonKind KindOf(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return ProtoJsonKind.Unsupported;
        }

        return field.FieldType switch
        {
            FieldType.Bool => ProtoJsonKind.Bool,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ProtoJsonKind.Int32,
            FieldType.UInt32 or FieldType.Fixed32 => ProtoJsonKind.UInt32,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ProtoJsonKind.Int64,
            FieldType.UInt64 or FieldType.Fixed64 => ProtoJsonKind.UInt64,
            FieldType.Enum => ProtoJsonKind.Enum,
            FieldType.String or FieldType.Bytes or FieldType.Float or FieldType.Double => ProtoJsonKind.Scalar,
            FieldType.Message when field.MessageType.File.Name == "google/protobuf/wrappers.proto" => field.IsRepeated ? ProtoJsonKind.Unsupported : ProtoJsonKind.Wrapper,
            FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName => ProtoJsonKind.Timestamp,
            FieldType.Message when !IsWellKnown(field.MessageType) => ProtoJsonKind.Message,
            _ => ProtoJsonKind.Unsupported,
        };
    }

    /// <summary>google.protobuf's own messages, which the formatter writes in their special forms.</summary>
    public static bool IsWellKnown(MessageDescriptor descriptor) => descriptor.File.Package == "google.protobuf";

    // The compiled getter, else the accessor's boxed value as T (a boxed enum unboxes to its underlying int).
    private static Func<IMessage, T> Reader<T>(IFieldAccessor accessor, CompiledGetters? getters) =>
        getters is not null ? getters.Compile<T>() : message => (T)accessor.GetValue(message);

    // Delegates bound to the property's getter (no reflection per call, no System.Linq.Expressions to load and JIT).
    private sealed class CompiledGetters(FieldDescriptor field)
    {
        private readonly PropertyInfo _property = field.ContainingType.ClrType.GetProperty(field.PropertyName, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"no property {field.PropertyName} on {field.ContainingType.ClrType}");

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Made only where RuntimeFeature.IsDynamicCodeSupported (the public constructor); a native AOT build reads through the accessors.")]
        public Func<IMessage, T> Compile<T>()
        {
            var getter = typeof(PropertyGetter<,,>).MakeGenericType(_property.DeclaringType!, _property.PropertyType, typeof(T));
            return ((IPropertyGetter<T>)Activator.CreateInstance(getter, _property.GetMethod!)!).Get;
        }
    }

    // The formatter's enum names: the proto name of each value; where values share a number (allow_alias), the first
    // declared, which protoc's C# code marks as the preferred alias. Read from the descriptor, not by reflection over the
    // enum's fields, which a trimmed build need not keep.
    private static Dictionary<int, byte[]> EnumNamesOf(EnumDescriptor descriptor)
    {
        var names = new Dictionary<int, byte[]>();
        foreach (var value in descriptor.Values)
        {
            if (names.ContainsKey(value.Number))
            {
                continue;
            }

            using var text = OutputBuffer.InMemory();
            ProtoJsonWriter.WriteString(value.Name, text);
            names[value.Number] = text.ToArray();
        }

        return names;
    }
}
