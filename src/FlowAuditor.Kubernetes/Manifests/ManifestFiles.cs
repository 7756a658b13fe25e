using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>Expands the paths a user gives into manifest files: files as given, directories recursively, sorted.</summary>
internal static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, ICollection<Diagnostic> diagnostics)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                // Sorted by ordinal path so two runs over the same tree load objects in the same order.
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                diagnostics.Add(new Diagnostic(Severity.Error, "no such file or directory") { File = path });
            }
        }

        return files;
    }
}
