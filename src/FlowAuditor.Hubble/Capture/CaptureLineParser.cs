using System.Buffers;
using System.Text;
using System.Text.Json;
using FlowAuditor.Hubble.Api;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Capture;

/// <summary>Turns one capture line into a <see cref="GetFlowsResponse"/>, or says why it cannot.</summary>
internal static class CaptureLineParser
{
    private static readonly byte[][] WrapperKeys =
    [
        "flow"u8.ToArray(), "node_status"u8.ToArray(), "nodeStatus"u8.ToArray(),
        "lost_events"u8.ToArray(), "lostEvents"u8.ToArray(),
    ];

    /// <summary>Parses a trimmed, non-empty line. Returns null and sets <paramref name="error"/> when malformed.</summary>
    public static GetFlowsResponse? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        if (FastProtoJson.TryParseCaptureLine(line, out var fast))
        {
            return fast;
        }

        // The generic path decides everything the fast one declines, with its own results and messages.
        if (!TryDetectShape(line, out var shape, out error))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(line);
            return shape == CaptureShape.Response
                ? CaptureJson.Parser.Parse<GetFlowsResponse>(text)
                : Wrap(CaptureJson.Parser.Parse<Flow>(text));
        }
        catch (InvalidProtocolBufferException ex)
        {
            error = DecodeError(shape, ex);
        }
        catch (InvalidJsonException ex)
        {
            error = DecodeError(shape, ex);
        }
        catch (FormatException ex)
        {
            error = DecodeError(shape, ex);
        }
        catch (InvalidOperationException ex)
        {
            // JsonParser throws this for an Any whose type it does not know (Flow.extensions).
            error = DecodeError(shape, ex);
        }

        return null;
    }

    private static string DecodeError(CaptureShape shape, Exception ex) =>
        $"cannot decode as {(shape == CaptureShape.Response ? "GetFlowsResponse" : "Flow")}: {ex.Message}";

    private static GetFlowsResponse Wrap(Flow flow) =>
        new() { Flow = flow, NodeName = flow.NodeName, Time = flow.Time?.Clone() };

    // Reads only the top-level keys: a line with a wrapper key is a GetFlowsResponse, any other object a bare Flow.
    // This pass also rejects non-JSON and truncated lines with System.Text.Json's precise position.
    private static bool TryDetectShape(ReadOnlySpan<byte> line, out CaptureShape shape, out string? error)
    {
        shape = CaptureShape.BareFlow;
        error = null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "not a JSON object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (IsWrapperKey(ref reader))
                {
                    shape = CaptureShape.Response;
                }

                reader.Read();
                reader.Skip();
            }

            if (reader.Read())
            {
                error = $"unexpected data after the JSON object at byte {reader.TokenStartIndex + 1}";
                return false;
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON: {ex.Message}";
            return false;
        }
    }

    private static bool IsWrapperKey(ref Utf8JsonReader reader)
    {
        foreach (var key in WrapperKeys)
        {
            if (reader.ValueTextEquals(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gives a contiguous view of <paramref name="line"/>, renting only when it spans segments.</summary>
    public static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> line, ref byte[]? rented)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }

        var length = checked((int)line.Length);
        if (rented is null || rented.Length < length)
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            rented = ArrayPool<byte>.Shared.Rent(length);
        }

        line.CopyTo(rented);
        return rented.AsSpan(0, length);
    }
}
