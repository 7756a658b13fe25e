using System.Globalization;
using System.Text.RegularExpressions;

namespace FlowAuditor.Tests.Support;

/// <summary>A parsed <c>/metrics</c> scrape: samples by name and labels, and each family's declared type.</summary>
internal sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types, string text)
    {
        Samples = samples;
        Types = types;
        Text = text;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family name to type (<c>counter</c>, <c>gauge</c>, ...), from the <c># TYPE</c> lines.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public string Text { get; }

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                if (line.Split(' ') is ["#", "TYPE", var family, var type])
                {
                    types[family] = type;
                }

                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["key"].Value] = label.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new PrometheusText(samples, types, text);
    }

    /// <summary>Samples of <paramref name="name"/> whose labels include every pair in <paramref name="labels"/>.</summary>
    public IReadOnlyList<PrometheusSample> Where(string name, params (string Key, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))];

    public double Sum(string name, params (string Key, string Value)[] labels) => Where(name, labels).Sum(s => s.Value);

    /// <summary>The one sample matching; fails listing what there is otherwise.</summary>
    public double Single(string name, params (string Key, string Value)[] labels)
    {
        var matching = Where(name, labels);
        Assert.True(matching.Count == 1, $"expected exactly one {name} sample with {string.Join(",", labels)}; found:\n{string.Join("\n", Where(name))}");
        return matching[0].Value;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
