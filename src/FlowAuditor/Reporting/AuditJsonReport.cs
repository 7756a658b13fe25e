using System.Text.Json;
using FlowAuditor.Auditing;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Kubernetes.Rendering;

namespace FlowAuditor.Reporting;

/// <summary>
/// The machine-readable audit report (<c>-o json</c>); documented in the README. Written field by field so the
/// shape is explicit and stable.
/// </summary>
internal static class AuditJsonReport
{
    public static void Write(Stream output, OfflineAuditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteSummary(json, result);
        json.WriteStartArray("denied");
        foreach (var entry in result.Report.Denied)
        {
            WriteEntry(json, entry);
        }

        json.WriteEndArray();
        WriteSuggestions(json, result.Report.Suggestions);
        WriteVerification(json, result.Report.Verification);
        json.WriteEndObject();
        json.Flush();
    }

    public static void WriteEntry(Utf8JsonWriter json, AggregateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(entry);
        var key = entry.Key;
        var attribution = entry.Attribution;
        json.WriteStartObject();
        json.WriteString("direction", Direction(key.Direction));
        json.WriteString("namespace", key.Namespace);
        json.WriteString("subject", key.Subject);
        json.WriteString("peerKind", key.PeerKind.ToString().ToLowerInvariant());
        json.WriteString("peer", key.Peer);
        json.WriteString("protocol", key.Protocol.ToString());
        json.WriteNumber("port", key.Port);
        json.WriteNumber("dropped", entry.Dropped);
        json.WriteNumber("audited", entry.Audited);
        json.WriteNumber("forwarded", entry.Forwarded);
        json.WriteNumber("predicted", entry.Predicted);
        json.WriteString("firstSeen", entry.FirstSeen);
        json.WriteString("lastSeen", entry.LastSeen);
        json.WriteString("sampleUuid", entry.SampleUuid);
        json.WriteString("outcome", AttributionText.Outcome(attribution.Outcome));
        VerdictJson.WriteAttribution(json, attribution.Verdict, peerNearMisses: true);
        WriteStrings(json, "likelyCauses", attribution.LikelyCauses);
        WriteStrings(json, "notes", attribution.Notes);
        WriteStrings(json, "peerAddresses", entry.PeerAddresses);
        json.WriteEndObject();
    }

    /// <summary>Connection attempts by outcome (<c>"connections": {"default-deny": n, ...}</c>), also in the daemon's report.</summary>
    public static void WriteConnections(Utf8JsonWriter json, AuditCounters counters)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(counters);
        json.WriteStartObject("connections");
        foreach (var outcome in Enum.GetValues<AttributionOutcome>())
        {
            json.WriteNumber(AttributionText.Outcome(outcome), counters.ConnectionsOf(outcome));
        }

        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, OfflineAuditResult result)
    {
        var c = result.Report.Counters;
        json.WriteStartObject("summary");
        json.WriteNumber("events", c.Events);
        json.WriteNumber("attempts", c.Attempts);
        json.WriteNumber("repeatedEvents", c.RepeatedEvents);
        json.WriteNumber("auditModeForwards", c.AuditModeForwards);
        WriteConnections(json, c);
        json.WriteStartObject("eventsByClass");
        foreach (var flowClass in Enum.GetValues<FlowClass>())
        {
            json.WriteNumber(flowClass.ToString(), c.EventsOf(flowClass));
        }

        json.WriteEndObject();
        WriteCounts(json, "nonPolicyDrops", c.NonPolicyDropsByReason);
        WriteCounts(json, "lostEvents", result.LostEventsBySource);
        json.WriteNumber("captureLines", result.Capture.Lines);
        json.WriteNumber("malformedLines", result.Capture.Malformed);
        json.WriteNumber("manifestErrors", result.Manifests.Diagnostics.Count(d => d.Severity == Core.Diagnostics.Severity.Error));
        json.WriteNumber("policyRevision", result.Report.PolicyRevision);
        json.WriteBoolean("aggregationBoundReached", result.Report.AggregationBoundReached);
        json.WriteNumber("overflowConnections", result.Report.OverflowConnections);
        json.WriteEndObject();
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
