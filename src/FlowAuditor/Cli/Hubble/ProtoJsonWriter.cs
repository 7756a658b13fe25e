using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Writes a message exactly as Google.Protobuf's <see cref="JsonFormatter"/> does with proto field names (what
/// <c>CaptureJson.Format</c> and so <c>observe -o json</c> print), but straight into UTF-8 with getters compiled once
/// per field (<see cref="ProtoJsonPlan"/>), instead of boxing every field and writing character by character into a
/// string: that was most of <c>observe -o json</c>. What it does not cover (Any, Duration, FieldMask, Struct, maps,
/// repeated wrappers, lone surrogates, timestamps out of range) makes it answer false with nothing written, and the
/// caller formats that message with the formatter, so output and errors stay the formatter's.
/// </summary>
internal static class ProtoJsonWriter
{
    // The formatter's escapes besides the C0/C1 controls, '"', '\\', '<' and '>': invisible or separator characters.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly DateTime UnixEpoch = DateTime.UnixEpoch;

    /// <summary>Appends the message's JSON; false (and nothing appended) when the formatter must write it.</summary>
    public static bool TryWrite(IMessage message, OutputBuffer output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var start = output.Length;
        if (!ProtoJsonField.IsWellKnown(message.Descriptor) && WriteMessage(message, ProtoJsonPlan.Of(message.Descriptor), output))
        {
            return true;
        }

        output.Truncate(start);
        return false;
    }

    private static bool WriteMessage(IMessage message, ProtoJsonPlan plan, OutputBuffer output)
    {
        output.Write("{ "u8);
        var first = true;
        foreach (var field in plan.Fields)
        {
            if (!WriteField(message, field, output, ref first))
            {
                return false;
            }
        }

        output.Write(first ? "}"u8 : " }"u8);
        return true;
    }

    private static void Name(ProtoJsonField field, OutputBuffer output, ref bool first)
    {
        if (!first)
        {
            output.Write(", "u8);
        }

        first = false;
        output.Write(field.Name);
    }

    private static bool WriteField(IMessage message, ProtoJsonField field, OutputBuffer output, ref bool first)
    {
        if (field.Repeated)
        {
            var values = (ICollection)field.Object(message)!;
            if (values.Count == 0)
            {
                return true;
            }

            if (field.Kind == ProtoJsonKind.Unsupported)
            {
                return false;
            }

            var list = (IList)values;

            Name(field, output, ref first);
            output.Write("[ "u8);
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    output.Write(", "u8);
                }

                if (!WriteElement(list[i]!, field, output))
                {
                    return false;
                }
            }

            output.Write(" ]"u8);
            return true;
        }

        // Presence fields (oneof members, optional) are written when set, even to a default; the others when not default.
        switch (field.Kind)
        {
            case ProtoJsonKind.Bool:
                var flag = ((Func<IMessage, bool>)field.Getter)(message);
                if (field.HasPresence ? !field.Accessor.HasValue(message) : !flag)
                {
                    return true;
                }

                Name(field, output, ref first);
                output.Write(flag ? "true"u8 : "false"u8);
                return true;
            case ProtoJsonKind.Int32 or ProtoJsonKind.Enum:
                var number = ((Func<IMessage, int>)field.Getter)(message);
                if (field.HasPresence ? !field.Accessor.HasValue(message) : number == 0)
                {
                    return true;
                }

                Name(field, output, ref first);
                if (field.Kind == ProtoJsonKind.Enum && field.EnumNames!.TryGetValue(number, out var enumName))
                {
                    output.Write(enumName);
                }
                else
                {
                    output.Write(number);
                }

                return true;
            case ProtoJsonKind.UInt32:
                var unsigned = ((Func<IMessage, uint>)field.Getter)(message);
                if (field.HasPresence ? !field.Accessor.HasValue(message) : unsigned == 0)
                {
                    return true;
                }

                Name(field, output, ref first);
                output.Write(unsigned);
                return true;
            case ProtoJsonKind.Int64:
                var wide = ((Func<IMessage, long>)field.Getter)(message);
                if (field.HasPresence ? !field.Accessor.HasValue(message) : wide == 0)
                {
                    return true;
                }

                Name(field, output, ref first);
                Quoted(wide, output);
                return true;
            case ProtoJsonKind.UInt64:
                var wideUnsigned = ((Func<IMessage, ulong>)field.Getter)(message);
                if (field.HasPresence ? !field.Accessor.HasValue(message) : wideUnsigned == 0)
                {
                    return true;
                }

                Name(field, output, ref first);
                Quoted(wideUnsigned, output);
                return true;
            default:
                return WriteObjectField(message, field, output, ref first);
        }
    }

    // Strings, bytes, floating point, messages and wrappers: read as objects (references; floats are rare).
    private static bool WriteObjectField(IMessage message, ProtoJsonField field, OutputBuffer output, ref bool first)
    {
        var value = field.Object(message);
        var written = field.MessageTyped ? value is not null
            : field.HasPresence ? field.Accessor.HasValue(message)
            : value is not null && !IsDefault(value);
        if (!written)
        {
            return true;
        }

        if (field.Kind == ProtoJsonKind.Unsupported)
        {
            return false;
        }

        var start = output.Length;
        var wasFirst = first;
        Name(field, output, ref first);
        if (WriteElement(value!, field, output))
        {
            return true;
        }

        output.Truncate(start);
        first = wasFirst;
        return false;
    }

    private static bool IsDefault(object value) => value switch
    {
        string text => text.Length == 0,
        ByteString bytes => bytes.IsEmpty,
        double d => d == 0.0,
        float f => f == 0f,
        _ => false,
    };

    // One value of the field's kind (a list element, or a singular value already known to be written).
    private static bool WriteElement(object value, ProtoJsonField field, OutputBuffer output)
    {
        switch (field.Kind)
        {
            case ProtoJsonKind.Message:
                return WriteMessage((IMessage)value, field.Message!, output);
            case ProtoJsonKind.Timestamp:
                return WriteTimestamp((Timestamp)value, output);
            case ProtoJsonKind.Enum:
                var number = (int)value;
                if (field.EnumNames!.TryGetValue(number, out var name))
                {
                    output.Write(name);
                }
                else
                {
                    output.Write(number);
                }

                return true;
            default:
                return WriteScalar(value, output);
        }
    }

    // As the formatter writes a boxed scalar (also a wrapper's value): 64-bit integers quoted, floats round-trip.
    private static bool WriteScalar(object value, OutputBuffer output)
    {
        switch (value)
        {
            case string text:
                return WriteString(text, output);
            case bool flag:
                output.Write(flag ? "true"u8 : "false"u8);
                return true;
            case int number:
                output.Write(number);
                return true;
            case uint number:
                output.Write(number);
                return true;
            case long number:
                Quoted(number, output);
                return true;
            case ulong number:
                Quoted(number, output);
                return true;
            case ByteString bytes:
                output.Write((byte)'"');
                output.Write(bytes.ToBase64());
                output.Write((byte)'"');
                return true;
            case double number:
                WriteFloatingPoint(number.ToString("r", CultureInfo.InvariantCulture), output);
                return true;
            case float number:
                WriteFloatingPoint(number.ToString("r", CultureInfo.InvariantCulture), output);
                return true;
            default:
                return false;
        }
    }

    private static void WriteFloatingPoint(string text, OutputBuffer output)
    {
        var quote = text is "NaN" or "Infinity" or "-Infinity";
        if (quote)
        {
            output.Write((byte)'"');
        }

        output.Write(text);
        if (quote)
        {
            output.Write((byte)'"');
        }
    }

    private static void Quoted<T>(T number, OutputBuffer output)
        where T : IUtf8SpanFormattable
    {
        output.Write((byte)'"');
        output.Write(number);
        output.Write((byte)'"');
    }

    /// <summary>A JSON string with the formatter's escapes; false on a lone surrogate (the formatter throws).</summary>
    public static bool WriteString(string text, OutputBuffer output)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(output);
        output.Write((byte)'"');
        var span = text.AsSpan();
        var plain = span.IndexOfAnyExcept(Plain);
        if (plain < 0)
        {
            output.WriteAscii(span);
            output.Write((byte)'"');
            return true;
        }

        output.WriteAscii(span[..plain]);
        for (var i = plain; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == span.Length || !char.IsLowSurrogate(span[i + 1]))
                {
                    return false;
                }

                Hex(c, output);
                Hex(span[++i], output);
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
            else if (c < 0xa0)
            {
                WriteLowChar(c, output);
            }
            else if (IsInvisible(c))
            {
                Hex(c, output);
            }
            else
            {
                output.Write(span.Slice(i, 1));
            }
        }

        output.Write((byte)'"');
        return true;
    }

    private static void WriteLowChar(char c, OutputBuffer output)
    {
        switch (c)
        {
            case '"':
                output.Write("\\\""u8);
                break;
            case '\\':
                output.Write("\\\\"u8);
                break;
            case '\b':
                output.Write("\\b"u8);
                break;
            case '\t':
                output.Write("\\t"u8);
                break;
            case '\n':
                output.Write("\\n"u8);
                break;
            case '\f':
                output.Write("\\f"u8);
                break;
            case '\r':
                output.Write("\\r"u8);
                break;
            case < ' ' or '<' or '>' or >= (char)0x7f:
                Hex(c, output);
                break;
            default:
                output.Write((byte)c);
                break;
        }
    }

    private static bool IsInvisible(char c) =>
        c is (char)0x00ad or (char)0x06dd or (char)0x070f or (char)0x17b4 or (char)0x17b5 or (char)0xfeff
            or (>= (char)0xfff9 and <= (char)0xfffb) or (>= (char)0x0600 and <= (char)0x0603)
            or (>= (char)0x200b and <= (char)0x200f) or (>= (char)0x2028 and <= (char)0x202e)
            or (>= (char)0x2060 and <= (char)0x2064) or (>= (char)0x206a and <= (char)0x206f);

    private static void Hex(char c, OutputBuffer output)
    {
        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        span[1] = (byte)'u';
        for (var i = 0; i < 4; i++)
        {
            var nibble = (c >> (12 - (4 * i))) & 0xf;
            span[2 + i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }

        output.Advance(6);
    }

    // RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as Timestamp's JSON form; out of range is the formatter's error.
    private static bool WriteTimestamp(Timestamp time, OutputBuffer output)
    {
        if (time.Nanos is < 0 or > 999_999_999 || time.Seconds < -62_135_596_800 || time.Seconds > 253_402_300_799)
        {
            return false;
        }

        var t = UnixEpoch.AddSeconds(time.Seconds);
        var span = output.GetSpan(32);
        span[0] = (byte)'"';
        Digits(span.Slice(1, 4), t.Year);
        span[5] = (byte)'-';
        Digits(span.Slice(6, 2), t.Month);
        span[8] = (byte)'-';
        Digits(span.Slice(9, 2), t.Day);
        span[11] = (byte)'T';
        Digits(span.Slice(12, 2), t.Hour);
        span[14] = (byte)':';
        Digits(span.Slice(15, 2), t.Minute);
        span[17] = (byte)':';
        Digits(span.Slice(18, 2), t.Second);
        var length = 20;
        var nanos = time.Nanos;
        if (nanos != 0)
        {
            span[length++] = (byte)'.';
            var (value, digits) = nanos % 1_000_000 == 0 ? (nanos / 1_000_000, 3) : nanos % 1000 == 0 ? (nanos / 1000, 6) : (nanos, 9);
            Digits(span.Slice(length, digits), value);
            length += digits;
        }

        span[length++] = (byte)'Z';
        span[length++] = (byte)'"';
        output.Advance(length);
        return true;
    }

    /// <summary>The number zero-padded to exactly the span's length.</summary>
    internal static void Digits(Span<byte> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
