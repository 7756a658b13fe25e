using System.Text.Json;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Reporting;

namespace FlowAuditor.Cli.Output;

/// <summary>
/// <c>explain -o json</c>: one object per probe on one line, fields exactly
/// <c>from, to, protocol, port, allowed, egress, ingress</c>; each direction is
/// <c>{"isolated", "isolatedBy", "allowedBy", "denials"}</c>, plus <c>allowedByAgent</c> when an agent option rather than a
/// rule allows it (<c>allow-localhost=always</c>). Policy references are written by
/// <see cref="VerdictJson.WritePolicy"/> alone, so a field such as the policy kind is added in one place.
/// </summary>
internal static class ExplainJson
{
    public static string Line(string from, string to, Protocol protocol, int port, ConnectionVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return JsonText.Build(
            json =>
            {
                json.WriteStartObject();
                json.WriteString("from", from);
                json.WriteString("to", to);
                json.WriteString("protocol", protocol.Name());
                json.WriteNumber("port", port);
                json.WriteBoolean("allowed", verdict.Allowed);
                json.WritePropertyName("egress");
                WriteDirection(json, verdict.Egress);
                json.WritePropertyName("ingress");
                WriteDirection(json, verdict.Ingress);
                json.WriteEndObject();
            },
            indented: false);
    }

    private static void WriteDirection(Utf8JsonWriter json, DirectionVerdict direction)
    {
        json.WriteStartObject();
        json.WriteBoolean("isolated", direction.Isolated);
        VerdictJson.WriteAttribution(json, direction, peerNearMisses: false);
        if (direction.AllowedByAgent is { } agent)
        {
            json.WriteString("allowedByAgent", agent);
        }

        json.WriteEndObject();
    }
}
