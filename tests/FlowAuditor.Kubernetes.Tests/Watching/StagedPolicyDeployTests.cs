using FlowAuditor.Kubernetes.Manifests.Staging;
using FlowAuditor.Kubernetes.Watching;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>The StagedPolicy CRD and RBAC in deploy/kubernetes match what the watcher asks for, read-only.</summary>
public sealed class StagedPolicyDeployTests
{
    private static readonly string Deploy = Path.Combine(AppContext.BaseDirectory, "Deploy", "kubernetes");

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Deploy, file))));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static string At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n)[key]).ToString();

    [Fact]
    public void Crd_DefinesTheGroupVersionKindAndPluralTheWatcherUses()
    {
        var crd = Assert.Single(Documents(Path.Combine("base", "stagedpolicy-crd.yaml")));
        var resource = WatchedResources.StagedPolicies;

        Assert.Equal(resource.CrdName, At(crd, "metadata", "name"));
        Assert.Equal((resource.Kind, resource.Name, "Namespaced"), (At(crd, "spec", "names", "kind"), At(crd, "spec", "names", "plural"), At(crd, "spec", "scope")));
        var version = Assert.Single(((YamlSequenceNode)crd["spec"]["versions"]).Children);
        Assert.Equal(StagedPolicyReader.ApiVersion, $"{At(crd, "spec", "group")}/{At(version, "name")}");
        Assert.Equal(StagedPolicyReader.ApiVersion, resource.ApiVersion);
        var action = ((YamlMappingNode)version)["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["action"];
        Assert.Equal(["set", "delete"], ((YamlSequenceNode)action["enum"]).Children.Select(c => c.ToString()));
    }

    [Fact]
    public void Rbac_GrantsListAndWatchOnStagedPolicies_NothingMore()
    {
        var role = Documents(Path.Combine("base", "rbac.yaml")).Single(d => At(d, "kind") == "ClusterRole");

        var rule = Assert.Single(((YamlSequenceNode)role["rules"]).Children, r => ((YamlSequenceNode)((YamlMappingNode)r)["apiGroups"]).Children.Any(g => g.ToString() == "flowauditor.io"));
        Assert.Equal(["flowauditor.io"], ((YamlSequenceNode)rule["apiGroups"]).Children.Select(c => c.ToString()));
        Assert.Equal([WatchedResources.StagedPolicies.Name], ((YamlSequenceNode)rule["resources"]).Children.Select(c => c.ToString()));
        Assert.Equal(["list", "watch"], ((YamlSequenceNode)rule["verbs"]).Children.Select(c => c.ToString()));
    }
}
