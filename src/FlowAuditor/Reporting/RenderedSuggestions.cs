using System.Runtime.CompilerServices;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Kubernetes.Rendering;

namespace FlowAuditor.Reporting;

/// <summary>
/// Each suggested policy's YAML, rendered once per policy object. The daemon's report reuses the same suggestions
/// across builds while only counts change, and rendering through the Kubernetes YAML serializer is the dearest part of
/// a report (about 0.5 MiB allocated per policy); suggestions are immutable, so the text cannot go stale.
/// </summary>
internal static class RenderedSuggestions
{
    private static readonly ConditionalWeakTable<SuggestedPolicy, string> Rendered = [];

    public static string Yaml(SuggestedPolicy policy) => Rendered.GetValue(policy, SuggestionYaml.Render);
}
