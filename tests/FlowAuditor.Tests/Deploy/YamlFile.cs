using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Tests.Deploy;

/// <summary>Reading the first document of a YAML file as a node tree, and scalar values from it.</summary>
internal static class YamlFile
{
    public static YamlMappingNode Root(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { } text } ? text : string.Empty;
}
