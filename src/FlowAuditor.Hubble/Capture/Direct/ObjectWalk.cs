using System.Text.Json;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>Reads one field's value into <paramref name="state"/>; false declines the line.</summary>
internal delegate bool FieldReader<TState>(ref Utf8JsonReader reader, FieldDescriptor field, ref TState state)
    where TState : allows ref struct;

/// <summary>The loop every object reader shares: each admitted field to the reader, null ones left at their default.</summary>
internal static class ObjectWalk
{
    /// <summary>The reader is on the object's StartObject (else it is declined); on success, on its EndObject.</summary>
    public static bool TryRead<TState>(ref Utf8JsonReader reader, Utf8NameTable<FieldDescriptor> fields, ref TState state, FieldReader<TState> read)
        where TState : allows ref struct
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var walk = new MessageWalk(fields);
        while (true)
        {
            switch (walk.Next(ref reader, out var field))
            {
                case FieldStep.End:
                    return true;
                case FieldStep.Null:
                    break;
                case FieldStep.Value when read(ref reader, field, ref state):
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>A whole JSON object on its own (a cached sub-object's bytes), as <see cref="TryRead{TState}(ref Utf8JsonReader, Utf8NameTable{FieldDescriptor}, ref TState, FieldReader{TState})"/>.</summary>
    public static bool TryRead<TState>(ReadOnlySpan<byte> json, Utf8NameTable<FieldDescriptor> fields, ref TState state, FieldReader<TState> read)
        where TState : allows ref struct
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && TryRead(ref reader, fields, ref state, read);
    }

    /// <summary>Each item of an array of objects through <paramref name="item"/>.</summary>
    public static bool TryReadArray<TState>(ref Utf8JsonReader reader, ref TState state, ItemReader<TState> item)
        where TState : allows ref struct
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!item(ref reader, ref state))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Reads one array item into <paramref name="state"/>; false declines the line.</summary>
internal delegate bool ItemReader<TState>(ref Utf8JsonReader reader, ref TState state)
    where TState : allows ref struct;
