using System.Text.Json;
using FlowAuditor.Core.Readiness;

namespace FlowAuditor.Reporting;

/// <summary><c>"readiness": [{"namespace", "ready", "verdict", "reasons": [...]}]</c>, in the audit report and <c>/api/v1/readiness</c>.</summary>
internal static class ReadinessJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<ReadinessVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(verdicts);
        json.WriteStartArray("readiness");
        foreach (var verdict in verdicts)
        {
            json.WriteStartObject();
            json.WriteString("namespace", verdict.Namespace);
            json.WriteBoolean("ready", verdict.Ready);
            json.WriteString("verdict", verdict.Text);
            json.WriteStartArray("reasons");
            foreach (var reason in verdict.Reasons)
            {
                json.WriteStringValue(reason);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
