using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>Turns a file's text into objects: parses documents and unwraps <c>kind: List</c> and <c>*List</c> wrappers.</summary>
internal static class ManifestReader
{
    public static IReadOnlyList<ManifestObject> Read(string text, string file, ICollection<Diagnostic> diagnostics)
    {
        var objects = new List<ManifestObject>();
        foreach (var root in YamlDocuments.Parse(text, file, diagnostics))
        {
            if (root.IsNull())
            {
                continue; // an empty document, e.g. a trailing "---"
            }

            Collect(root, inheritedKind: null, file, objects, diagnostics);
        }

        return objects;
    }

    /// <summary>
    /// Adds the object, or the items of a list. Items of a typed list (<c>PodList</c>) may omit their kind, as the API
    /// server's own list responses do; it is the list's kind without the <c>List</c> suffix.
    /// </summary>
    private static void Collect(YamlNode node, string? inheritedKind, string file, List<ManifestObject> objects, ICollection<Diagnostic> diagnostics)
    {
        if (node is not YamlMappingNode map)
        {
            diagnostics.Add(Note(Severity.Warning, file, node, "document is not a Kubernetes object (expected a mapping); skipped") with { IncompleteDocument = true });
            return;
        }

        var kind = map.Get("kind").Text() is { Length: > 0 } written ? written : inheritedKind;
        if (kind is null)
        {
            diagnostics.Add(Note(Severity.Warning, file, node, "object has no kind; skipped") with { IncompleteDocument = true });
            return;
        }

        if (IsList(kind, map))
        {
            var itemKind = kind == "List" ? null : kind[..^"List".Length];
            if (map.Get("items") is { } items and not YamlSequenceNode)
            {
                diagnostics.Add(Note(Severity.Error, file, items, $"{kind}: items: expected a list"));
                return;
            }

            foreach (var item in (map.Get("items") as YamlSequenceNode)?.Children ?? [])
            {
                Collect(item, itemKind, file, objects, diagnostics);
            }

            return;
        }

        objects.Add(new ManifestObject(kind, map, file));
    }

    private static bool IsList(string kind, YamlMappingNode map) =>
        kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && kind.Length > "List".Length && map.Has("items"));

    private static Diagnostic Note(Severity severity, string file, YamlNode at, string message) =>
        new(severity, message) { File = file, Line = at.Line() };
}
