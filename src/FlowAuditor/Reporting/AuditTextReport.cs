using System.Globalization;
using FlowAuditor.Auditing;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Policies;
using FlowAuditor.Kubernetes.Rendering;

namespace FlowAuditor.Reporting;

/// <summary>
/// The human report of <c>flowauditor audit</c>: denied traffic by namespace and workload, then suggestions and
/// verification. Written from the same <see cref="ReportModel"/> as the JSON report.
/// </summary>
internal static class AuditTextReport
{
    public static void Write(TextWriter output, ReportModel model, bool includeYaml)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(model);
        var report = model.Report;
        var c = report.Counters;
        output.WriteLine(Inv($"FlowAuditor audit: {c.Events} flow events, {c.Attempts} connection attempts with a policy decision ({c.RepeatedEvents} repeated events folded, {c.AuditModeForwards} audit-mode forwards)"));
        if (model.Capture is { } capture)
        {
            WriteInput(output, capture);
        }

        if (c.Incomplete > 0)
        {
            output.WriteLine(Inv($"  {c.Incomplete} policy decisions on flows missing their source or destination (or its labels): counted as incomplete, not attributed"));
        }

        output.WriteLine();
        if (model.Staged is { } staged)
        {
            StagedText.Write(output, staged);
        }

        ReadinessText.Write(output, model.Readiness ?? []);
        WriteBody(output, model, includeYaml);
    }

    /// <summary>Denied traffic, non-policy drops, suggestions and verification: what the offline audit and the demo share.</summary>
    public static void WriteBody(TextWriter output, ReportModel model, bool includeYaml)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(model);
        var report = model.Report;
        WriteDenied(output, report.Denied);
        WriteNonPolicyDrops(output, report.Counters.NonPolicyDropsByReason);
        if (report.AggregationBoundReached)
        {
            output.WriteLine(Inv($"Aggregation bound of {report.MaxAggregates} keys reached: {report.OverflowConnections} connection attempts were counted but not aggregated."));
            output.WriteLine();
        }

        WriteSuggestions(output, report, includeYaml);
    }

    private static void WriteInput(TextWriter output, CaptureSummary capture)
    {
        var policies = capture.Policies;
        output.WriteLine(Inv($"Policies: {policies.NetworkPolicies} NetworkPolicy, {policies.CiliumNetworkPolicies} CiliumNetworkPolicy, {policies.CiliumClusterwideNetworkPolicies} CiliumClusterwideNetworkPolicy; {policies.Workloads} workloads"));
        var input = capture.Input;
        output.WriteLine(input.Server is null
            ? Inv($"Capture: {input.Records} lines, {input.Flows} flows, {input.Malformed} malformed, {input.LostEventRecords} lost-event records")
            : Inv($"Hubble {input.Server}: {input.Records} responses, {input.Flows} flows, {input.LostEventRecords} lost-event records"));
        foreach (var (source, count) in capture.LostEventsBySource)
        {
            output.WriteLine(Inv($"  lost events ({source}): {count} - the capture is incomplete"));
        }
    }

    private static void WriteDenied(TextWriter output, IReadOnlyList<AggregateEntry> denied)
    {
        output.WriteLine("Denied traffic");
        output.WriteLine("==============");
        if (denied.Count == 0)
        {
            output.WriteLine("none");
            output.WriteLine();
            return;
        }

        foreach (var ns in denied.GroupBy(e => e.Key.Namespace))
        {
            output.WriteLine(Inv($"namespace {(ns.Key.Length == 0 ? "(none)" : ns.Key)}"));
            foreach (var subject in ns.GroupBy(e => e.Key.Subject))
            {
                output.WriteLine(Inv($"  {subject.Key}"));
                foreach (var entry in subject)
                {
                    WriteEntry(output, entry);
                }
            }

            output.WriteLine();
        }
    }

    private static void WriteEntry(TextWriter output, AggregateEntry entry)
    {
        var key = entry.Key;
        var direction = key.Direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var preposition = key.Direction == TrafficDirection.Ingress ? "from" : "to";
        var counts = new List<string>();
        if (entry.Dropped > 0)
        {
            counts.Add(Inv($"{entry.Dropped} dropped"));
        }

        if (entry.Audited > 0)
        {
            counts.Add(Inv($"{entry.Audited} audited"));
        }

        if (entry.Forwarded > 0)
        {
            counts.Add(Inv($"{entry.Forwarded} forwarded"));
        }

        if (entry.Predicted > 0)
        {
            counts.Add(Inv($"{entry.Predicted} predicted"));
        }

        output.WriteLine(Inv($"    {direction} {preposition} {key.Peer} {key.Protocol}/{key.Port}: {string.Join(", ", counts)} [{AttributionText.Outcome(entry.Attribution.Outcome)}] (first {entry.FirstSeen:u}, last {entry.LastSeen:u}, sample {entry.SampleUuid ?? "-"})"));
        var verdict = entry.Attribution.Verdict;
        if (verdict.IsolatedBy.Count > 0 && entry.Attribution.Outcome != AttributionOutcome.Unexplained)
        {
            output.WriteLine(Inv($"      isolated by: {string.Join(", ", verdict.IsolatedBy.Select(p => $"{p.Kind} {p.QualifiedName}"))}"));
        }

        if (entry.Attribution.Outcome is AttributionOutcome.DefaultDeny or AttributionOutcome.DenyRule or AttributionOutcome.NotEnforced)
        {
            foreach (var denial in verdict.Denials)
            {
                output.WriteLine(Inv($"      - {AttributionText.Denial(denial, direction)}"));
            }
        }

        if (entry.Attribution.Outcome is AttributionOutcome.Unexplained or AttributionOutcome.AuthRequired && verdict.AllowedBy.Count > 0)
        {
            output.WriteLine(Inv($"      loaded policies allow it: {string.Join(", ", verdict.AllowedBy.Select(r => $"{r.Policy.Kind} {r.Policy.QualifiedName} rule #{r.Rule}"))}"));
        }

        if (entry.Nodes.Count > 0)
        {
            output.WriteLine(Inv($"      seen on: {string.Join(", ", entry.Nodes)}"));
        }

        foreach (var note in entry.Attribution.Notes)
        {
            output.WriteLine(Inv($"      note: {note}"));
        }

        foreach (var cause in entry.Attribution.LikelyCauses)
        {
            output.WriteLine(Inv($"      likely cause: {cause}"));
        }
    }

    private static void WriteNonPolicyDrops(TextWriter output, IReadOnlyDictionary<string, long> drops)
    {
        if (drops.Count == 0)
        {
            return;
        }

        output.WriteLine("Drops not caused by policy (counted, not attributed)");
        foreach (var (reason, count) in drops)
        {
            output.WriteLine(Inv($"  {reason}: {count}"));
        }

        output.WriteLine();
    }

    private static void WriteSuggestions(TextWriter output, AuditReport report, bool includeYaml)
    {
        var suggestions = report.Suggestions;
        var verification = report.Verification;
        output.WriteLine("Suggested allow policies");
        output.WriteLine("========================");
        if (suggestions.Policies.Count == 0)
        {
            output.WriteLine("none");
        }

        foreach (var policy in suggestions.Policies)
        {
            output.WriteLine(Inv($"  {policy.Kind} {policy.Namespace}/{policy.Name}: {policy.Rules.Count} rule(s), admits {policy.Covers.Count} observed peer/port combination(s)"));
            foreach (var review in policy.Reviews)
            {
                output.WriteLine(Inv($"    review: {review}"));
            }
        }

        foreach (var skipped in suggestions.NotSuggested)
        {
            output.WriteLine(Inv($"  not suggested: {skipped.Key.Subject} {skipped.Key.Direction.ToString().ToLowerInvariant()} {skipped.Key.Peer} {skipped.Key.Protocol}/{skipped.Key.Port}: {skipped.Reason}"));
        }

        output.WriteLine();
        output.WriteLine("Verification");
        output.WriteLine("============");
        output.WriteLine(Inv($"  replayed {verification.Replayed} observed default-deny connection(s) through the policies plus the suggestions: {verification.NowAllowed} allowed, {verification.StillDenied.Count} still denied -> {(verification.Succeeded ? "PASS" : "FAIL")}"));
        output.WriteLine(Inv($"  breadth: {verification.AllowedCombinations} peer x port combination(s) allowed over known endpoints, {verification.ObservedCombinations} observed"));
        foreach (var denied in verification.StillDenied)
        {
            output.WriteLine(Inv($"  still denied: {denied.Subject} {denied.Direction} {denied.Peer} {denied.Protocol}/{denied.Port}"));
        }

        foreach (var warning in verification.Warnings)
        {
            output.WriteLine(Inv($"  warning: {warning}"));
        }

        if (includeYaml && suggestions.Policies.Count > 0)
        {
            output.WriteLine();
            output.Write(SuggestionYaml.RenderAll(suggestions.Policies));
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
