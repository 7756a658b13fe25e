using System.Globalization;
using System.Text;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Kubernetes.Rendering;

/// <summary>
/// YAML for suggested policies: one document per policy, each with a header saying what it admits and how it is
/// broader than observed, if at all.
/// </summary>
public static class SuggestionYaml
{
    public static string Render(SuggestedPolicy suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var header = new StringBuilder();
        header.Append(CultureInfo.InvariantCulture,
            $"# FlowAuditor suggestion for {suggestion.Namespace}/{suggestion.Workload} ({suggestion.Direction.ToString().ToLowerInvariant()}): admits {suggestion.Covers.Count} observed peer/port combination(s).\n");
        foreach (var rule in suggestion.Rules.Where(r => r.Widening is not null))
        {
            header.Append(CultureInfo.InvariantCulture, $"# Broader than observed on purpose: {rule.Widening}.\n");
        }

        header.Append("# Review before applying: it is additive and admits only what was observed.\n");
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
