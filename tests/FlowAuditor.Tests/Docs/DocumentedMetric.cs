using System.Text.RegularExpressions;

namespace FlowAuditor.Tests.Docs;

/// <summary>One row of a metrics table in docs/metrics.md: <c>| `name` | type | `label`, `label` | meaning |</c>.</summary>
internal sealed partial record DocumentedMetric(string Name, string Type, IReadOnlySet<string> Labels)
{
    public static IReadOnlyList<DocumentedMetric> ReadAll(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var rows = new List<DocumentedMetric>();
        foreach (var line in markdown.Split('\n'))
        {
            var match = Row().Match(line);
            if (match.Success)
            {
                var labels = Code().Matches(match.Groups["labels"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
                rows.Add(new DocumentedMetric(match.Groups["name"].Value, match.Groups["type"].Value, labels));
            }
        }

        return rows;
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z_:][a-z0-9_:]*)` \| (?<type>counter|gauge|histogram|summary) \|(?<labels>[^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
