using System.Text.Json;
using FlowAuditor.Core.Staging;

namespace FlowAuditor.Reporting;

/// <summary>
/// Staged changes as JSON: the <c>"staged"</c> array (each change alone) and the <c>"stagedCombined"</c> object
/// (all together), written into the audit report and the daemon's <c>/api/v1/staged</c> alike.
/// </summary>
internal static class StagedJson
{
    /// <summary>Examples per change; the rest are counted in <c>examplesOmitted</c>.</summary>
    public const int MaxExamples = 10;

    public static void Write(Utf8JsonWriter json, StagedImpact impact)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(impact);
        json.WriteStartArray("staged");
        foreach (var change in impact.Changes)
        {
            json.WriteStartObject();
            json.WriteString("policy", change.Change!.Target.QualifiedName);
            json.WriteString("kind", change.Change.Target.Kind.ToString());
            json.WriteString("action", Action(change.Change.Action));
            json.WriteString("source", change.Change.Source);
            json.WriteBoolean("targetEnforced", change.TargetEnforced);
            WriteCounts(json, change);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("stagedCombined");
        json.WriteNumber("changes", impact.Changes.Count);
        WriteCounts(json, impact.Combined);
        json.WriteNumber("attempts", impact.Attempts);
        json.WriteNumber("attemptKeys", impact.Keys);
        json.WriteNumber("maxAttemptKeys", impact.MaxKeys);
        json.WriteBoolean("boundReached", impact.BoundReached);
        json.WriteNumber("overflowAttempts", impact.OverflowAttempts);
        json.WriteEndObject();
    }

    public static string Action(StagedAction action) => action == StagedAction.Delete ? "delete" : "set";

    public static string Effect(StagedEffect effect) => effect == StagedEffect.WouldDeny ? "would-deny" : "would-allow";

    private static void WriteCounts(Utf8JsonWriter json, StagedChangeImpact impact)
    {
        json.WriteNumber("wouldDeny", impact.WouldDeny);
        json.WriteNumber("wouldAllow", impact.WouldAllow);
        json.WriteStartArray("examples");
        foreach (var example in impact.Examples.Take(MaxExamples))
        {
            json.WriteStartObject();
            json.WriteString("effect", Effect(example.Effect));
            AggregateKeyJson.Write(json, example.Key);
            json.WriteNumber("attempts", example.Attempts);
            json.WriteStartObject("decidedBy");
            VerdictJson.WriteAttribution(json, example.Decision, peerNearMisses: false);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("examplesOmitted", Math.Max(0, impact.Examples.Count - MaxExamples));
    }
}
