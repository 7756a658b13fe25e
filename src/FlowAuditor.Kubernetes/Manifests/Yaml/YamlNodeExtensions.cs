using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Yaml;

/// <summary>Shape-agnostic lookups on the YAML representation model; typed reading with diagnostics is in <see cref="ObjectContext"/>.</summary>
internal static class YamlNodeExtensions
{
    /// <summary>The child under <paramref name="key"/>, or null when absent or YAML null (<c>key:</c>, <c>key: null</c>).</summary>
    public static YamlNode? Get(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !value.IsNull() ? value : null;

    /// <summary>Whether <paramref name="key"/> is written at all, even with a null value.</summary>
    public static bool Has(this YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

    public static bool IsNull(this YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>A scalar's text; null for other node kinds.</summary>
    public static string? Text(this YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>Whether the scalar was quoted, which makes <c>"80"</c> a string where <c>80</c> is a number.</summary>
    public static bool IsQuoted(this YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;

    public static int Line(this YamlNode node) => (int)node.Start.Line;

    public static IEnumerable<string> Keys(this YamlMappingNode map) =>
        map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);
}
