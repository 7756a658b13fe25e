using System.Text.Json;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>Value readers shared by the direct decoder's object readers; each returns false where the line is declined.</summary>
internal static class JsonRead
{
    /// <summary>A string value, interned through <paramref name="strings"/> (escaped ones, rare, are decoded as they come).</summary>
    public static bool TryString(in Utf8JsonReader reader, StringCache strings, out string value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            value = string.Empty;
            return false;
        }

        value = reader.ValueIsEscaped ? reader.GetString()! : strings.Get(reader.ValueSpan);
        return true;
    }

    /// <summary>An array of strings appended to <paramref name="values"/>.</summary>
    public static bool TryStrings(ref Utf8JsonReader reader, StringCache strings, List<string> values)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryString(in reader, strings, out var value))
            {
                return false;
            }

            values.Add(value);
        }

        return true;
    }

    public static bool TryBool(in Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>An address string through the address cache; an empty one is no address, as the mapper's IPAddress.TryParse says.</summary>
    public static bool TryAddress(in Utf8JsonReader reader, Utf8Cache<IpEntry> addresses, out IpEntry? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (reader.ValueIsEscaped)
        {
            value = IpEntry.Parse(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!));
        }
        else if (!reader.ValueSpan.IsEmpty)
        {
            value = addresses.Get(reader.ValueSpan);
        }

        return true;
    }
}
