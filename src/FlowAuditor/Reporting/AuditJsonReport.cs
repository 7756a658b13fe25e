using System.Text.Json;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Kubernetes.Rendering;

namespace FlowAuditor.Reporting;

/// <summary>
/// The machine-readable report: <c>audit -o json</c> and the daemon's <c>/api/v1/report</c>, one writer over one
/// <see cref="ReportModel"/> (schema: docs/report.md). Written field by field so the shape is explicit and stable.
/// </summary>
internal static class AuditJsonReport
{
    public static void Write(Stream output, ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var report = model.Report;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("policyRevision", report.PolicyRevision);
        json.WriteBoolean("restoring", model.Restoring);
        WriteSummary(json, model);
        if (model.Namespaces is { } namespaces)
        {
            WriteNamespaces(json, namespaces);
        }

        json.WriteStartArray("denied");
        foreach (var entry in report.Denied)
        {
            WriteEntry(json, entry);
        }

        json.WriteEndArray();
        WriteSuggestions(json, report.Suggestions);
        WriteVerification(json, report.Verification);
        if (model.Staged is { } staged)
        {
            StagedJson.Write(json, staged);
        }

        if (model.Readiness is { } readiness)
        {
            ReadinessJson.Write(json, readiness);
        }

        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteEntry(Utf8JsonWriter json, AggregateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(entry);
        var key = entry.Key;
        var attribution = entry.Attribution;
        json.WriteStartObject();
        AggregateKeyJson.Write(json, key);
        json.WriteNumber("dropped", entry.Dropped);
        json.WriteNumber("audited", entry.Audited);
        json.WriteNumber("forwarded", entry.Forwarded);
        json.WriteNumber("predicted", entry.Predicted);
        json.WriteString("firstSeen", entry.FirstSeen);
        json.WriteString("lastSeen", entry.LastSeen);
        json.WriteString("sampleUuid", entry.SampleUuid);
        json.WriteString("outcome", AttributionText.Outcome(attribution.Outcome));
        json.WriteNumber("policyRevision", attribution.PolicyRevision);
        VerdictJson.WriteAttribution(json, attribution.Verdict, peerNearMisses: true);
        WriteStrings(json, "likelyCauses", attribution.LikelyCauses);
        WriteStrings(json, "notes", attribution.Notes);
        WriteStrings(json, "peerAddresses", entry.PeerAddresses);
        WriteStrings(json, "nodes", entry.Nodes);
        json.WriteEndObject();
    }

    /// <summary>Connection attempts by outcome (<c>"connections": {"default-deny": n, ...}</c>).</summary>
    private static void WriteConnections(Utf8JsonWriter json, AuditCounters counters)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(counters);
        json.WriteStartObject("connections");
        // Resolved is what a row became after a policy change, never how an attempt was counted.
        foreach (var outcome in Enum.GetValues<AttributionOutcome>().Where(o => o != AttributionOutcome.Resolved))
        {
            json.WriteNumber(AttributionText.Outcome(outcome), counters.ConnectionsOf(outcome));
        }

        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, ReportModel model)
    {
        var report = model.Report;
        var c = report.Counters;
        json.WriteStartObject("summary");
        json.WriteNumber("events", c.Events);
        json.WriteNumber("attempts", c.Attempts);
        json.WriteNumber("repeatedEvents", c.RepeatedEvents);
        json.WriteNumber("auditModeForwards", c.AuditModeForwards);
        json.WriteNumber("incomplete", c.Incomplete);
        WriteConnections(json, c);
        json.WriteStartObject("eventsByClass");
        foreach (var flowClass in Enum.GetValues<FlowClass>())
        {
            json.WriteNumber(flowClass.ToString(), c.EventsOf(flowClass));
        }

        json.WriteEndObject();
        WriteCounts(json, "nonPolicyDrops", c.NonPolicyDropsByReason);
        if (model.Capture is { } capture)
        {
            WriteCounts(json, "lostEvents", capture.LostEventsBySource);
            json.WriteNumber("captureLines", capture.Lines);
            json.WriteNumber("malformedLines", capture.Malformed);
            json.WriteNumber("manifestErrors", capture.ManifestErrors);
        }

        json.WriteNumber("policyRevision", report.PolicyRevision);
        json.WriteBoolean("aggregationBoundReached", report.AggregationBoundReached);
        json.WriteNumber("overflowConnections", report.OverflowConnections);
        json.WriteEndObject();
    }

    private static void WriteNamespaces(Utf8JsonWriter json, IReadOnlyList<NamespaceStatus> namespaces)
    {
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
    }

    private static void WriteSuggestions(Utf8JsonWriter json, SuggestionSet suggestions)
    {
        json.WriteStartArray("suggestions");
        foreach (var policy in suggestions.Policies)
        {
            json.WriteStartObject();
            json.WriteString("kind", policy.Kind.ToString());
            json.WriteString("namespace", policy.Namespace);
            json.WriteString("name", policy.Name);
            json.WriteString("direction", Direction(policy.Direction));
            json.WriteString("workload", policy.Workload);
            json.WriteNumber("rules", policy.Rules.Count);
            json.WriteNumber("covers", policy.Covers.Count);
            json.WriteStartArray("reviews");
            foreach (var review in policy.Reviews)
            {
                json.WriteStringValue(review);
            }

            json.WriteEndArray();
            json.WriteString("file", SuggestionYaml.FileName(policy));
            json.WriteString("yaml", SuggestionYaml.Render(policy));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notSuggested");
        foreach (var skipped in suggestions.NotSuggested)
        {
            json.WriteStartObject();
            json.WriteString("direction", Direction(skipped.Key.Direction));
            json.WriteString("namespace", skipped.Key.Namespace);
            json.WriteString("subject", skipped.Key.Subject);
            json.WriteString("peer", skipped.Key.Peer);
            json.WriteString("protocol", skipped.Key.Protocol.ToString());
            json.WriteNumber("port", skipped.Key.Port);
            json.WriteString("reason", skipped.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteVerification(Utf8JsonWriter json, VerificationResult verification)
    {
        json.WriteStartObject("verification");
        json.WriteBoolean("succeeded", verification.Succeeded);
        json.WriteNumber("replayed", verification.Replayed);
        json.WriteNumber("nowAllowed", verification.NowAllowed);
        json.WriteNumber("stillDenied", verification.StillDenied.Count);
        json.WriteNumber("observedCombinations", verification.ObservedCombinations);
        json.WriteNumber("allowedCombinations", verification.AllowedCombinations);
        WriteStrings(json, "warnings", verification.Warnings);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counts)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }

    private static string Direction(TrafficDirection direction) => direction == TrafficDirection.Ingress ? "ingress" : "egress";
}
