using FlowAuditor.Hubble.Api;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Capture;

/// <summary>The JSON dialect of `hubble observe -o json`: Go protojson with proto field names.</summary>
public static class CaptureJson
{
    // Unknown keys are skipped so captures from newer agents still read.
    internal static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    /// <summary>One line as the hubble CLI prints it (no trailing newline).</summary>
    public static string Format(GetFlowsResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Formatter.Format(response);
    }

    /// <summary>Writes one line as the hubble CLI prints it (no trailing newline).</summary>
    public static void Format(GetFlowsResponse response, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(response);
        Formatter.Format(response, writer);
    }
}
