using System.Text.Json;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Reporting;

/// <summary>
/// The attribution of one direction as JSON (<c>isolatedBy</c>, <c>allowedBy</c>, <c>denials</c>), shared by
/// <c>explain -o json</c>, the audit report and the daemon's API so the three never drift apart.
/// </summary>
internal static class VerdictJson
{
    /// <param name="peerNearMisses">Add each denial's <c>peerNearMisses</c> (the audit report); explain's format has exactly four denial fields.</param>
    public static void WriteAttribution(Utf8JsonWriter json, DirectionVerdict verdict, bool peerNearMisses)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(verdict);
        json.WriteStartArray("isolatedBy");
        foreach (var policy in verdict.IsolatedBy)
        {
            json.WriteStartObject();
            WritePolicy(json, policy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("allowedBy");
        foreach (var rule in verdict.AllowedBy)
        {
            json.WriteStartObject();
            WritePolicy(json, rule.Policy);
            json.WriteNumber("rule", rule.Rule);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("denials");
        foreach (var denial in verdict.Denials)
        {
            WriteDenial(json, denial, peerNearMisses);
        }

        json.WriteEndArray();
    }

    /// <summary>Every policy reference carries its kind: a NetworkPolicy and a CiliumNetworkPolicy may share ns/name.</summary>
    public static void WritePolicy(Utf8JsonWriter json, PolicyRef policy)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(policy);
        json.WriteString("policy", policy.QualifiedName);
        json.WriteString("kind", policy.Kind.ToString());
    }

    private static void WriteDenial(Utf8JsonWriter json, Denial denial, bool peerNearMisses)
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

        json.WriteString("reason", AttributionText.Reason(denial.Reason));
        if (peerNearMisses)
        {
            json.WriteStartArray("peerNearMisses");
            foreach (var miss in denial.PeerNearMisses)
            {
                json.WriteStartObject();
                json.WriteNumber("rule", miss.Rule);
                json.WriteStartArray("peers");
                foreach (var peer in miss.Peers)
                {
                    json.WriteStringValue(peer);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
