using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>One Kubernetes object as written in a file (list wrappers already unwrapped).</summary>
internal sealed record ManifestObject(string Kind, YamlMappingNode Root, string File)
{
    public const string DefaultNamespace = "default";

    public string? Name => Metadata?.Get("name").Text();

    /// <summary><c>metadata.namespace</c>, <c>default</c> when omitted (as <c>kubectl apply</c> without <c>-n</c>).</summary>
    public string Namespace => Metadata?.Get("namespace").Text() is { Length: > 0 } ns ? ns : DefaultNamespace;

    public YamlMappingNode? Metadata => Root.Get("metadata") as YamlMappingNode;

    public int Line => Root.Line();

    /// <summary>How diagnostics name the object: <c>NetworkPolicy prod/allow-web</c>, <c>Namespace prod</c>.</summary>
    public string Display(bool namespaced = true) => namespaced ? $"{Kind} {Namespace}/{Name ?? "<unnamed>"}" : $"{Kind} {Name ?? "<unnamed>"}";
}
