using FlowAuditor.Kubernetes.Manifests.Yaml;

namespace FlowAuditor.Kubernetes.Manifests.Cluster;

/// <summary>
/// <code>
/// kind: Namespace
/// metadata: {name: prod, labels: {team: a}}   # selected by namespaceSelector: {matchLabels: {team: a}}
/// </code>
/// </summary>
internal sealed class NamespaceReader : IManifestKindReader
{
    public IEnumerable<string> Kinds => ["Namespace"];

    public void Read(ManifestObject manifest, LoadContext context)
    {
        var o = context.For(manifest, namespaced: false);
        var name = o.RequireName();
        var labels = o.StringMap(manifest.Metadata?.Get("labels"), "metadata.labels");
        if (name is null || o.HasErrors)
        {
            return;
        }

        if (!context.Cluster.AddNamespace(name, labels, o.Locate(manifest.Root, null)))
        {
            o.Warning(manifest.Root, null, "defined more than once; the later definition is used");
        }
    }
}
