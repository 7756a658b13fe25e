using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests.Cilium;
using FlowAuditor.Kubernetes.Manifests.Cluster;
using FlowAuditor.Kubernetes.Manifests.Policies;
using FlowAuditor.Kubernetes.Manifests.Yaml;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>Hands each object to the reader for its kind; other kinds are skipped with a note.</summary>
internal static class ManifestDispatcher
{
    private static readonly IReadOnlyDictionary<string, IManifestKindReader> Readers = Build(
        new NamespaceReader(),
        new PodReader(),
        new WorkloadReader(),
        new NetworkPolicyTranslator(),
        new CiliumPolicyTranslator());

    public static void Dispatch(ManifestObject manifest, LoadContext context)
    {
        if (Readers.TryGetValue(manifest.Kind, out var reader))
        {
            reader.Read(manifest, context);
            return;
        }

        context.Diagnostics.Add(new Diagnostic(Severity.Info, "kind not used by FlowAuditor; skipped")
        {
            File = manifest.File,
            Line = manifest.Line,
            Object = manifest.Display(manifest.Metadata?.Get("namespace") is not null),
        });
    }

    private static Dictionary<string, IManifestKindReader> Build(params IManifestKindReader[] readers) =>
        readers.SelectMany(r => r.Kinds.Select(kind => (kind, r))).ToDictionary(p => p.kind, p => p.r, StringComparer.Ordinal);
}
