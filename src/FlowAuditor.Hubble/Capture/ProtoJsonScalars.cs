using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// The scalar forms both fast capture readers accept, one rule set so they accept exactly the same values; anything
/// else is left to Google.Protobuf's JsonParser (which decides it with its own result or message).
/// </summary>
internal static class ProtoJsonScalars
{
    // JsonParser reads JSON numbers as doubles; beyond 2^53 its result differs from an exact read, so it decides those.
    private const long MaxExactDouble = 1L << 53;

    // proto JSON writes 64-bit integers as strings and accepts strings for any integer; only plain digits here.
    public static bool TryReadInteger(in Utf8JsonReader reader, long min, long max, out long number)
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
        if (!IsPlainDigits(digits) || !long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        return number >= min && number <= max;
    }

    public static bool TryReadUInt32(in Utf8JsonReader reader, out uint number)
    {
        var ok = TryReadInteger(in reader, 0, uint.MaxValue, out var value);
        number = (uint)value;
        return ok;
    }

    public static bool TryReadInt32(in Utf8JsonReader reader, out int number)
    {
        var ok = TryReadInteger(in reader, int.MinValue, int.MaxValue, out var value);
        number = (int)value;
        return ok;
    }

    public static bool TryReadUInt64(in Utf8JsonReader reader, out ulong number)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetUInt64(out number) && number <= MaxExactDouble;
        }

        number = 0;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && IsPlainDigits(reader.ValueSpan)
            && ulong.TryParse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>A UTC RFC 3339 timestamp string token, as Unix seconds and nanoseconds.</summary>
    public static bool TryReadTimestamp(in Utf8JsonReader reader, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && TryParseTimestamp(reader.ValueSpan, out seconds, out nanos);
    }

    // Leading zeros ("007") are left to JsonParser, which has its own rule for them.
    private static bool IsPlainDigits(ReadOnlySpan<byte> span) =>
        !span.IsEmpty && span.Length <= 20 && (span.Length == 1 || span[0] != (byte)'0')
        && !span.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    // RFC 3339 in UTC ("2026-11-20T09:00:20.222936532Z"), 1–9 fractional digits. Offsets and leap seconds go to JsonParser.
    private static bool TryParseTimestamp(ReadOnlySpan<byte> text, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
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
        seconds = (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
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

    /// <summary>An enum by its proto name or any 32-bit number, as both fast readers take it.</summary>
    public static bool TryReadEnum(in Utf8JsonReader reader, EnumDescriptor type, out int number)
    {
        number = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out number);
        }

        if (reader.TokenType != JsonTokenType.String || ProtoJsonNames.ValuesOf(type).Find(in reader) is not { } value)
        {
            return false;
        }

        number = value.Number;
        return true;
    }
}
