using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Kubernetes.Rendering;

/// <summary>
/// YAML for suggested policies: one document per policy, each with a header that says one true thing about it: what
/// it admits and, where so, why it is broader than observed and which existing rule it contradicts.
/// </summary>
public static class SuggestionYaml
{
    // Each policy's text, rendered once per policy object: the daemon's report reuses the same suggestions across
    // builds while only counts change, and the reflection-driven YAML serializer is the dearest part of a report.
    // Suggestions are immutable, so the text cannot go stale.
    private static readonly ConditionalWeakTable<SuggestedPolicy, string> Rendered = [];

    public static string Render(SuggestedPolicy suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return Rendered.GetValue(suggestion, RenderNew);
    }

    private static string RenderNew(SuggestedPolicy suggestion)
    {
        var header = new StringBuilder();
        var direction = suggestion.Direction.ToString().ToLowerInvariant();
        if (suggestion.NamespaceWide)
        {
            var denied = string.Join(", ", suggestion.Covers.Select(k => k.Subject).Distinct(StringComparer.Ordinal));
            header.Append(CultureInfo.InvariantCulture,
                $"# FlowAuditor suggestion for every pod in namespace {suggestion.Namespace} ({direction}): DNS was denied for {denied}, and the namespace is isolated for egress, so one policy with {(suggestion.Format == SuggestionFormat.Cilium ? "endpointSelector" : "podSelector")}: {{}} gives all its pods the cluster DNS.\n");
        }
        else
        {
            header.Append(CultureInfo.InvariantCulture,
                $"# FlowAuditor suggestion for {suggestion.Namespace}/{suggestion.Workload} ({direction}): admits {suggestion.Covers.Count} observed peer/port combination(s).\n");
        }

        var widenings = suggestion.Rules.Select(r => r.Widening).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var widening in widenings)
        {
            header.Append(CultureInfo.InvariantCulture, $"# Broader than observed on purpose: {widening}.\n");
        }

        foreach (var review in suggestion.Reviews)
        {
            header.Append(CultureInfo.InvariantCulture, $"# review: {review}.\n");
        }

        header.Append(widenings.Count == 0 && !suggestion.NamespaceWide
            ? "# Additive: it admits only what was observed; review before applying.\n"
            : "# Additive: review before applying.\n");
        var body = suggestion.Format == SuggestionFormat.Cilium
            ? CiliumPolicyRenderer.Render(suggestion)
            : NetworkPolicyRenderer.Render(suggestion);
        return header + body.TrimEnd() + "\n";
    }

    /// <summary>All suggestions as one multi-document stream, in the given (deterministic) order.</summary>
    public static string RenderAll(IEnumerable<SuggestedPolicy> suggestions) =>
        string.Join("---\n", suggestions.Select(Render));

    /// <summary>The file name <c>--out</c> writes a suggestion to.</summary>
    public static string FileName(SuggestedPolicy suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return $"{suggestion.Namespace}.{suggestion.Name}.yaml";
    }
}
