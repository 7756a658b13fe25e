using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text;
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
    // JsonParser reads JSON numbers as doubles; beyond 2^53 its result differs from an exact read, so it decides those.
    private const long MaxExactDouble = 1L << 53;

    private const int WrapperValueField = 1;

    private const int MaxStackName = 128;

    private static readonly ConcurrentDictionary<MessageDescriptor, MessageInfo> Messages = new();
    private static readonly ConcurrentDictionary<EnumDescriptor, NameTable<EnumValueDescriptor>> EnumValues = new();

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
            Span<char> buffer = stackalloc char[MaxStackName];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var wrapperField = responseFields.Find(in reader, buffer);
                var flowField = flowFields.Find(in reader, buffer);
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
        Span<char> buffer = stackalloc char[MaxStackName];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = table.Find(in reader, buffer);
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

    private static ReadOnlySpan<char> NameOf(in Utf8JsonReader reader, Span<char> buffer)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > buffer.Length)
        {
            return reader.GetString();
        }

        var count = Encoding.UTF8.GetChars(reader.ValueSpan, buffer);
        return buffer[..count];
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
            ? TryReadEnum(ref reader, field.EnumType, out value)
            : TryReadScalar(ref reader, field.FieldType, out value);
    }

    private static bool TryReadMessage(ref Utf8JsonReader reader, MessageDescriptor type, [NotNullWhen(true)] out object? value)
    {
        value = null;
        if (type.ClrType == typeof(Timestamp))
        {
            if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !TryParseTimestamp(reader.ValueSpan, out var timestamp))
            {
                return false;
            }

            value = timestamp;
            return true;
        }

        if (IsWrapper(type))
        {
            // Wrapper fields are nullable CLR scalars; JSON holds the bare inner value.
            var inner = type.FindFieldByNumber(WrapperValueField);
            return TryReadScalar(ref reader, inner.FieldType, out value);
        }

        if (type.File == AnyReflection.Descriptor || type.File == StructReflection.Descriptor
            || type.File == DurationReflection.Descriptor || type.File == FieldMaskReflection.Descriptor
            || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var message = InfoOf(type).Create();
        if (!TryMergeObject(ref reader, message))
        {
            return false;
        }

        value = message;
        return true;
    }

    private static bool IsWrapper(MessageDescriptor type) => type.File == WrappersReflection.Descriptor;

    private static bool TryReadEnum(ref Utf8JsonReader reader, EnumDescriptor type, [NotNullWhen(true)] out object? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetInt32(out var number))
            {
                return false;
            }

            value = number;
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var table = EnumValues.GetOrAdd(type, static t => new NameTable<EnumValueDescriptor>(t.Values.ToDictionary(v => v.Name)));
        Span<char> buffer = stackalloc char[MaxStackName];
        var found = table.Find(in reader, buffer);
        if (found is null)
        {
            return false;
        }

        value = SmallBoxes.Int32(found.Number);
        return true;
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
                return TryReadInteger(ref reader, int.MinValue, int.MaxValue, out var i32) && Box(SmallBoxes.Int32((int)i32), out value);
            case FieldType.UInt32 or FieldType.Fixed32:
                return TryReadInteger(ref reader, 0, uint.MaxValue, out var u32) && Box(SmallBoxes.UInt32((uint)u32), out value);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return TryReadInteger(ref reader, long.MinValue, long.MaxValue, out var i64) && Box(i64, out value);
            case FieldType.UInt64 or FieldType.Fixed64:
                return TryReadUInt64(ref reader, out value);
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

    // proto JSON writes 64-bit integers as strings and accepts strings for any integer; only plain digits here.
    private static bool TryReadInteger(ref Utf8JsonReader reader, long min, long max, out long number)
    {
        number = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out number) && number >= min && number <= max && Math.Abs(number) <= MaxExactDouble;
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var span = reader.ValueSpan;
        var negative = span.Length > 1 && span[0] == (byte)'-';
        var digits = negative ? span[1..] : span;
        if (!IsPlainDigits(digits) || !long.TryParse(span, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        return number >= min && number <= max;
    }

    private static bool TryReadUInt64(ref Utf8JsonReader reader, [NotNullWhen(true)] out object? value)
    {
        value = null;
        ulong number;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetUInt64(out number) || number > MaxExactDouble)
            {
                return false;
            }
        }
        else if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !IsPlainDigits(reader.ValueSpan)
            || !ulong.TryParse(reader.ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        value = number;
        return true;
    }

    // Leading zeros ("007") are left to JsonParser, which has its own rule for them.
    private static bool IsPlainDigits(ReadOnlySpan<byte> span) =>
        !span.IsEmpty && span.Length <= 20 && (span.Length == 1 || span[0] != (byte)'0')
        && !span.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    // RFC 3339 in UTC ("2026-11-20T09:00:20.222936532Z"), 1–9 fractional digits. Offsets and leap seconds go to JsonParser.
    private static bool TryParseTimestamp(ReadOnlySpan<byte> text, [NotNullWhen(true)] out Timestamp? timestamp)
    {
        timestamp = null;
        if (text.Length < 20 || text[^1] != (byte)'Z' || text[4] != '-' || text[7] != '-' || text[10] != 'T'
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        var nanos = 0;
        var fraction = text[19..^1];
        if (!fraction.IsEmpty)
        {
            if (fraction[0] != '.' || fraction.Length < 2 || fraction.Length > 10 || !TryDigits(fraction, 1, fraction.Length - 1, out nanos))
            {
                return false;
            }

            for (var scale = fraction.Length - 1; scale < 9; scale++)
            {
                nanos *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        timestamp = new Timestamp { Seconds = (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond, Nanos = nanos };
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int length, out int number)
    {
        number = 0;
        foreach (var b in text.Slice(start, length))
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            number = (number * 10) + (b - '0');
        }

        return true;
    }

    private static MessageInfo InfoOf(MessageDescriptor descriptor) => Messages.GetOrAdd(descriptor, static d => new MessageInfo(d));

    /// <summary>What reading one message type needs: its JSON names (proto and lowerCamel, as JsonParser accepts) and a constructor.</summary>
    private sealed class MessageInfo
    {
        public MessageInfo(MessageDescriptor descriptor)
        {
            var names = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
            foreach (var field in descriptor.Fields.InFieldNumberOrder())
            {
                names[field.Name] = field;
                names[field.JsonName] = field;
            }

            Fields = new NameTable<FieldDescriptor>(names);
            Create = Expression.Lambda<Func<IMessage>>(Expression.New(descriptor.ClrType)).Compile();
        }

        public NameTable<FieldDescriptor> Fields { get; }

        public Func<IMessage> Create { get; }
    }

    /// <summary>
    /// Looks a JSON property name or enum value name up without allocating a string for it: straight from the UTF-8
    /// bytes when they are unescaped (almost always), else through a UTF-16 copy.
    /// </summary>
    private sealed class NameTable<T>
        where T : class
    {
        private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
        private readonly (byte[]? Name, T? Value)[] _byUtf8;
        private readonly int _mask;

        public NameTable(IDictionary<string, T> names)
        {
            _bySpan = new Dictionary<string, T>(names, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

            // Open addressing, at most a quarter full: a lookup is one hash of a short name and usually one compare.
            var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, names.Count * 4));
            _byUtf8 = new (byte[]?, T?)[size];
            _mask = size - 1;
            foreach (var (name, value) in names)
            {
                var utf8 = Encoding.UTF8.GetBytes(name);
                var slot = Hash(utf8) & _mask;
                while (_byUtf8[slot].Name is not null)
                {
                    slot = (slot + 1) & _mask;
                }

                _byUtf8[slot] = (utf8, value);
            }
        }

        public T? Find(ReadOnlySpan<char> name) => _bySpan.TryGetValue(name, out var found) ? found : null;

        /// <summary>The entry named by the reader's current token (a property name or a string value).</summary>
        public T? Find(in Utf8JsonReader reader, Span<char> buffer)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                return Find(NameOf(in reader, buffer));
            }

            var name = reader.ValueSpan;
            for (var slot = Hash(name) & _mask; _byUtf8[slot].Name is { } candidate; slot = (slot + 1) & _mask)
            {
                if (name.SequenceEqual(candidate))
                {
                    return _byUtf8[slot].Value;
                }
            }

            return null;
        }

        // FNV-1a: names are short ASCII, so a simple byte hash beats anything vectorised.
        private static int Hash(ReadOnlySpan<byte> name)
        {
            var hash = 2166136261u;
            foreach (var b in name)
            {
                hash = (hash ^ b) * 16777619u;
            }

            return (int)hash;
        }
    }
}
