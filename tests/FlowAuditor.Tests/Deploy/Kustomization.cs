using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// A kustomization (or component) resolved the way kustomize does for the fields we use: resources (files or
/// directories with their own kustomization), components, namespace and images. Every reference must exist.
/// </summary>
internal sealed class Kustomization
{
    private Kustomization(string directory, string kind, IReadOnlyList<string> manifests, IReadOnlyList<YamlMappingNode> images, string? ns)
    {
        Directory = directory;
        Kind = kind;
        Manifests = manifests;
        Images = images;
        Namespace = ns;
    }

    public string Directory { get; }

    public string Kind { get; }

    /// <summary>Every manifest file this kustomization includes, through its bases and components.</summary>
    public IReadOnlyList<string> Manifests { get; }

    public IReadOnlyList<YamlMappingNode> Images { get; }

    public string? Namespace { get; }

    public IEnumerable<object> Objects => Manifests.SelectMany(DeployManifests.Load);

    public static Kustomization Load(string directory)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        Assert.True(File.Exists(file), $"{directory} has no kustomization.yaml");
        var root = YamlFile.Root(file);
        var manifests = new List<string>();
        var images = new List<YamlMappingNode>();
        foreach (var key in new[] { "resources", "components" })
        {
            foreach (var entry in Entries(root, key))
            {
                var path = Path.GetFullPath(Path.Combine(directory, entry));
                if (System.IO.Directory.Exists(path))
                {
                    var nested = Load(path);
                    Assert.Equal(key == "components" ? "Component" : "Kustomization", nested.Kind);
                    manifests.AddRange(nested.Manifests);
                    images.AddRange(nested.Images);
                }
                else
                {
                    Assert.True(File.Exists(path), $"{file}: {key} entry '{entry}' does not exist");
                    manifests.Add(path);
                }
            }
        }

        if (root.Children.TryGetValue("images", out var list))
        {
            images.AddRange(((YamlSequenceNode)list).Cast<YamlMappingNode>());
        }

        return new Kustomization(directory, YamlFile.Text(root, "kind"), manifests, images, root.Children.ContainsKey("namespace") ? YamlFile.Text(root, "namespace") : null);
    }

    private static IEnumerable<string> Entries(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(key, out var node) ? ((YamlSequenceNode)node).Cast<YamlScalarNode>().Select(s => s.Value!) : [];
}
