using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>
/// Loads Kubernetes manifests (YAML or JSON, multi-document, List-wrapped) into a cluster model and engine policies.
/// Bad input becomes diagnostics; an invalid object is left out and the rest still loads.
/// </summary>
public static partial class ManifestLoader
{
    /// <summary>Loads files and directories (recursively: <c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>).</summary>
    /// <param name="version">Validates against this version's CRDs (entity names); default the newest stable modelled.</param>
    public static ManifestLoadResult Load(IEnumerable<string> paths, CiliumVersion? version = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var context = new LoadContext { Version = version ?? CiliumVersion.Default };
        foreach (var file in ManifestFiles.Expand(paths, context.Diagnostics))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Diagnostics.Add(new Diagnostic(Severity.Error, $"cannot read: {e.Message}") { File = file });
                continue;
            }

            Read(text, file, context);
        }

        return Finish(context);
    }

    /// <summary>Loads manifest text; <paramref name="fileName"/> only names the source in diagnostics.</summary>
    public static ManifestLoadResult LoadText(string text, string fileName, CiliumVersion? version = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new LoadContext { Version = version ?? CiliumVersion.Default };
        Read(text, fileName, context);
        return Finish(context);
    }

    private static void Read(string text, string file, LoadContext context)
    {
        foreach (var manifest in ManifestReader.Read(text, file, context.Diagnostics))
        {
            ManifestDispatcher.Dispatch(manifest, context);
        }
    }

    private static ManifestLoadResult Finish(LoadContext context)
    {
        var cluster = context.Cluster.Build();
        return new(cluster, new PolicySet(context.Policies) { NamedPorts = new ClusterNamedPorts(cluster.Pods) }, context.Diagnostics);
    }
}
