using System.Text.Json;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon.Http;

/// <summary><c>/api/v1/report</c>: the attributed denied traffic, namespace readiness and verification, as JSON.</summary>
internal static class ReportJson
{
    public static void Write(Stream output, AuditReport report, IReadOnlyList<NamespaceStatus> namespaces)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("policyRevision", report.PolicyRevision);
        json.WriteStartObject("summary");
        json.WriteNumber("events", report.Counters.Events);
        json.WriteNumber("repeatedEvents", report.Counters.RepeatedEvents);
        json.WriteNumber("incomplete", report.Counters.Incomplete);
        AuditJsonReport.WriteConnections(json, report.Counters);
        json.WriteBoolean("aggregationBoundReached", report.AggregationBoundReached);
        json.WriteNumber("overflowConnections", report.OverflowConnections);
        json.WriteEndObject();

        json.WriteStartArray("namespaces");
        foreach (var ns in namespaces)
        {
            json.WriteStartObject();
            json.WriteString("namespace", ns.Namespace);
            if (ns.LastAudit is { } last)
            {
                json.WriteString("lastAudit", last);
            }
            else
            {
                json.WriteNull("lastAudit");
            }

            json.WriteNumber("secondsSinceAudit", Math.Round(ns.SinceLastAudit.TotalSeconds, 3));
            json.WriteBoolean("enforceReady", ns.EnforceReady);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("denied");
        foreach (var entry in report.Denied)
        {
            AuditJsonReport.WriteEntry(json, entry);
        }

        json.WriteEndArray();
        json.WriteStartObject("verification");
        json.WriteBoolean("succeeded", report.Verification.Succeeded);
        json.WriteNumber("replayed", report.Verification.Replayed);
        json.WriteNumber("stillDenied", report.Verification.StillDenied.Count);
        json.WriteNumber("suggestions", report.Suggestions.Policies.Count);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
