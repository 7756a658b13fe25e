using System.Globalization;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Staging;

namespace FlowAuditor.Reporting;

/// <summary>The "Staged changes" section of the text report: each change alone, then all together.</summary>
internal static class StagedText
{
    private const int MaxExamples = 5;

    public static void Write(TextWriter output, StagedImpact impact)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(impact);
        output.WriteLine("Staged changes");
        output.WriteLine("==============");
        output.WriteLine(Inv($"measured on {impact.Attempts} observed connection attempt(s) with a policy decision, each evaluated whole (source egress and destination ingress)"));
        if (impact.BoundReached)
        {
            output.WriteLine(Inv($"aggregation bound of {impact.MaxKeys} keys reached: {impact.OverflowAttempts} attempt(s) not measured"));
        }

        if (impact.Changes.Count == 0)
        {
            output.WriteLine("none staged");
        }

        foreach (var change in impact.Changes)
        {
            var target = change.Change!.Target;
            var what = (change.Change.Action, change.TargetEnforced) switch
            {
                (StagedAction.Delete, true) => "delete",
                (StagedAction.Delete, false) => "delete (not enforced: nothing to delete)",
                (_, true) => "set (replaces the enforced object)",
                _ => "set (new)",
            };
            output.WriteLine(Inv($"  {target.Kind} {target.QualifiedName}: {what}: would deny {change.WouldDeny}, would allow {change.WouldAllow}"));
            WriteExamples(output, change);
        }

        if (impact.Changes.Count > 0)
        {
            output.WriteLine(Inv($"  all {impact.Changes.Count} together: would deny {impact.Combined.WouldDeny}, would allow {impact.Combined.WouldAllow}"));
            WriteExamples(output, impact.Combined);
        }

        output.WriteLine();
    }

    private static void WriteExamples(TextWriter output, StagedChangeImpact impact)
    {
        foreach (var example in impact.Examples.Take(MaxExamples))
        {
            var key = example.Key;
            var direction = key.Direction == TrafficDirection.Ingress ? "ingress" : "egress";
            var preposition = key.Direction == TrafficDirection.Ingress ? "from" : "to";
            var decision = example.Effect == StagedEffect.WouldAllow
                ? "allowed by " + string.Join(", ", example.Decision.AllowedBy.Select(r => Inv($"{r.Policy.Kind} {r.Policy.QualifiedName} rule #{r.Rule}")))
                : string.Join("; ", example.Decision.Denials.Select(d => AttributionText.Denial(d, direction)));
            output.WriteLine(Inv($"    {StagedJson.Effect(example.Effect)}: {key.Subject} {direction} {preposition} {key.Peer} {key.Protocol}/{key.Port}: {example.Attempts} attempt(s); {decision}"));
        }

        if (impact.Examples.Count > MaxExamples)
        {
            output.WriteLine(Inv($"    ... and {impact.Examples.Count - MaxExamples} more aggregate(s)"));
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
