using System.Text.Json;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Reporting;

namespace FlowAuditor.Cli.Output;

/// <summary>
/// <c>explain -o json</c>: one object per probe on one line, fields exactly
/// <c>from, to, protocol, port, allowed, egress, ingress</c>; each direction is
/// <c>{"isolated", "isolatedBy", "allowedBy", "denials"}</c>. Policy references are written by
/// <see cref="WritePolicy"/> alone, so a field such as the policy kind is added in one place.
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
        json.WriteStartArray("isolatedBy");
        foreach (var policy in direction.IsolatedBy)
        {
            json.WriteStartObject();
            WritePolicy(json, policy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("allowedBy");
        foreach (var rule in direction.AllowedBy)
        {
            json.WriteStartObject();
            WritePolicy(json, rule.Policy);
            json.WriteNumber("rule", rule.Rule);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("denials");
        foreach (var denial in direction.Denials)
        {
            json.WriteStartObject();
            WritePolicy(json, denial.Policy);
            if (denial.Rule is { } rule)
            {
                json.WriteNumber("rule", rule);
            }
            else
            {
                json.WriteNull("rule");
            }

            // The same codes as the audit report's, documented in docs/explain.md.
            json.WriteString("reason", AttributionText.Reason(denial.Reason));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Every policy reference carries its kind: NetworkPolicy and CiliumNetworkPolicy objects may share ns/name.
    private static void WritePolicy(Utf8JsonWriter json, PolicyRef policy)
    {
        json.WriteString("policy", policy.QualifiedName);
        json.WriteString("kind", policy.Kind.ToString());
    }
}
