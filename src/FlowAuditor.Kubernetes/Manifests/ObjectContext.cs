using System.Globalization;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>
/// Reads one object's fields and records what is wrong with them, located by file, line, object and field path.
/// Shape errors (a list where a mapping belongs) are errors because the API server could not decode the object.
/// </summary>
internal sealed class ObjectContext
{
    private readonly ICollection<Diagnostic> _diagnostics;
    private readonly string _display;

    public ObjectContext(ManifestObject manifest, ICollection<Diagnostic> diagnostics, bool namespaced = true)
    {
        Manifest = manifest;
        _diagnostics = diagnostics;
        _display = manifest.Display(namespaced);
    }

    public ManifestObject Manifest { get; }

    /// <summary>
    /// When set, unknown fields are gathered and reported in one warning by <see cref="ReportUnknownFields"/>
    /// (Cilium policies are large; one line per object reads better than one per field).
    /// </summary>
    public bool GatherUnknownFields { get; init; }

    /// <summary>The Cilium version whose CRD validation applies.</summary>
    public Core.Evaluation.CiliumVersion Version { get; init; } = Core.Evaluation.CiliumVersion.Default;

    private List<string> UnknownFields { get; } = [];

    public int ErrorCount { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    /// <summary>Where <paramref name="at"/> is, for models that keep their source (lint findings point there).</summary>
    public SourceLocation Locate(YamlNode at, string? field) => new(Manifest.File, at.Line(), _display, field);

    public void Error(YamlNode at, string field, string message)
    {
        ErrorCount++;
        Report(Severity.Error, at, field, message);
    }

    public void Warning(YamlNode at, string? field, string message) => Report(Severity.Warning, at, field, message);

    public void Info(YamlNode at, string? field, string message) => Report(Severity.Info, at, field, message);

    /// <summary>The object's name; an error when missing, as the API server requires one.</summary>
    public string? RequireName()
    {
        var name = Manifest.Name;
        if (string.IsNullOrEmpty(name))
        {
            Error(Manifest.Metadata ?? Manifest.Root, "metadata.name", "is required");
            return null;
        }

        return name;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string field)
    {
        if (node is null or YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        Error(node, field, "expected a mapping");
        return null;
    }

    /// <summary>The items of a sequence; absent or null is empty.</summary>
    public IReadOnlyList<YamlNode> Sequence(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return [.. sequence.Children];
            default:
                Error(node, field, "expected a list");
                return [];
        }
    }

    public string? String(YamlNode? node, string field)
    {
        if (node is null or YamlScalarNode)
        {
            return node.Text();
        }

        Error(node, field, "expected a string");
        return null;
    }

    /// <summary>An unquoted integer scalar; null when absent.</summary>
    public int? Integer(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && !scalar.IsQuoted()
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, field, $"expected an integer, got '{node.Text() ?? node.NodeType.ToString()}'");
        return null;
    }

    /// <summary>A <c>map[string]string</c> such as labels; scalars of any style are taken as their text.</summary>
    public IReadOnlyDictionary<string, string> StringMap(YamlNode? node, string field)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(node, field) is not { } map)
        {
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = keyNode.Text() ?? string.Empty;
            if (valueNode is YamlScalarNode scalar)
            {
                result[key] = valueNode.IsNull() ? string.Empty : scalar.Value ?? string.Empty;
            }
            else
            {
                Error(valueNode, $"{field}.{key}", "expected a string");
            }
        }

        return result;
    }

    /// <summary>
    /// Warns about fields the schema does not have, as the API server does (<c>Warning: unknown field "spec.ingres"</c>):
    /// a misspelt <c>ingres:</c> is otherwise silently ignored and changes the policy's meaning.
    /// </summary>
    public void WarnUnknownFields(YamlMappingNode map, string field, params string[] known)
    {
        foreach (var keyNode in map.Children.Keys)
        {
            var key = keyNode.Text() ?? string.Empty;
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
                var path = field.Length == 0 ? key : $"{field}.{key}";
                if (GatherUnknownFields)
                {
                    UnknownFields.Add(path + hint);
                }
                else
                {
                    Warning(keyNode, path, $"unknown field ignored{hint}");
                }
            }
        }
    }

    public void ReportUnknownFields()
    {
        if (UnknownFields.Count > 0)
        {
            Warning(Manifest.Root, null, $"unknown fields ignored: {string.Join(", ", UnknownFields)}");
            UnknownFields.Clear();
        }
    }

    private void Report(Severity severity, YamlNode at, string? field, string message) =>
        _diagnostics.Add(new Diagnostic(severity, message)
        {
            File = Manifest.File,
            Line = at.Line(),
            Object = _display,
            Field = field,
        });
}
