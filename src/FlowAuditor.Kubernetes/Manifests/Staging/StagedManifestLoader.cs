using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Manifests.Yaml;

namespace FlowAuditor.Kubernetes.Manifests.Staging;

/// <summary>
/// Reads staged policy changes. A staged manifest is an ordinary policy document; an annotation marks a removal,
/// whose spec may be left out:
/// <code>
/// kind: NetworkPolicy
/// metadata:
///   name: allow-frontend-egress
///   namespace: production
///   annotations: {flowauditor.io/staged-action: delete}   # removes the enforced object of this kind/ns/name
/// </code>
/// Any other policy document sets (adds, or replaces the enforced object with the same kind, namespace and name).
/// A <c>StagedPolicy</c> (flowauditor.io/v1alpha1) says the same in a custom resource: <c>spec.action: set|delete</c>
/// and <c>spec.policy</c>, the embedded manifest. Cilium ignores both, so staging never enforces anything.
/// </summary>
public static class StagedManifestLoader
{
    public const string ActionAnnotation = "flowauditor.io/staged-action";

    private static readonly Dictionary<string, PolicyKind> PolicyKinds = new(StringComparer.Ordinal)
    {
        ["NetworkPolicy"] = PolicyKind.NetworkPolicy,
        ["CiliumNetworkPolicy"] = PolicyKind.CiliumNetworkPolicy,
        ["CiliumClusterwideNetworkPolicy"] = PolicyKind.CiliumClusterwideNetworkPolicy,
    };

    /// <summary>Loads files and directories (recursively: <c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>), like manifests.</summary>
    public static StagedLoadResult Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var diagnostics = new List<Diagnostic>();
        var objects = new List<(string, string)>();
        foreach (var file in ManifestFiles.Expand(paths, diagnostics))
        {
            try
            {
                objects.Add((file, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(new Diagnostic(Severity.Error, $"cannot read: {e.Message}") { File = file });
            }
        }

        return LoadObjects(objects, diagnostics);
    }

    /// <summary>Loads manifest text; <paramref name="fileName"/> only names the source in diagnostics.</summary>
    public static StagedLoadResult LoadText(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LoadObjects([(fileName, text)], []);
    }

    /// <summary>Loads each text (one or more documents) as its own file named <c>Source</c>, all into one result.</summary>
    internal static StagedLoadResult LoadObjects(IEnumerable<(string Source, string Text)> objects, List<Diagnostic>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        diagnostics ??= [];
        var changes = new List<StagedChange>();
        foreach (var (source, text) in objects)
        {
            foreach (var manifest in ManifestReader.Read(text, source, diagnostics))
            {
                if (Read(manifest, diagnostics) is { } change)
                {
                    WarnIfStagedTwice(changes, change, manifest, diagnostics);
                    changes.Add(change);
                }
            }
        }

        return new StagedLoadResult(changes, diagnostics);
    }

    private static StagedChange? Read(ManifestObject manifest, List<Diagnostic> diagnostics)
    {
        if (manifest.Kind == StagedPolicyReader.Kind)
        {
            return StagedPolicyReader.Read(manifest, diagnostics);
        }

        if (!PolicyKinds.ContainsKey(manifest.Kind))
        {
            diagnostics.Add(new Diagnostic(Severity.Info, "kind is not a policy; not staged, skipped")
            {
                File = manifest.File,
                Line = manifest.Line,
                Object = manifest.Display(manifest.Metadata?.Get("namespace") is not null),
            });
            return null;
        }

        var o = new ObjectContext(manifest, diagnostics, manifest.Kind != "CiliumClusterwideNetworkPolicy");
        var annotations = o.StringMap(o.Mapping(manifest.Metadata?.Get("annotations"), "metadata.annotations"), "metadata.annotations");
        switch (annotations.GetValueOrDefault(ActionAnnotation))
        {
            case null or "set":
                return ReadPolicy(manifest, StagedAction.Set, diagnostics);
            case "delete":
                return ReadPolicy(manifest, StagedAction.Delete, diagnostics);
            case var other:
                o.Error(manifest.Metadata!, $"metadata.annotations.{ActionAnnotation}", $"must be 'set' or 'delete', not '{other}'; not staged");
                return null;
        }
    }

    /// <summary>
    /// One policy document as a change. A deletion needs only kind, namespace and name; a set is translated exactly
    /// as the same document among the enforced manifests would be, errors included.
    /// </summary>
    internal static StagedChange? ReadPolicy(ManifestObject manifest, StagedAction action, List<Diagnostic> diagnostics)
    {
        var kind = PolicyKinds[manifest.Kind];
        var clusterwide = kind == PolicyKind.CiliumClusterwideNetworkPolicy;
        var source = $"{manifest.File}:{manifest.Line}";
        if (action == StagedAction.Delete)
        {
            var o = new ObjectContext(manifest, diagnostics, !clusterwide);
            return o.RequireName() is { } name
                ? StagedChange.Delete(new PolicyRef(kind, clusterwide ? null : manifest.Namespace, name)) with { Source = source }
                : null;
        }

        var context = new LoadContext();
        ManifestDispatcher.Dispatch(manifest, context);
        diagnostics.AddRange(context.Diagnostics);
        if (context.Policies.Count == 0)
        {
            return null;
        }

        return StagedChange.Set(context.Policies[0].Ref, context.Policies) with { Source = source };
    }

    private static void WarnIfStagedTwice(List<StagedChange> changes, StagedChange change, ManifestObject manifest, List<Diagnostic> diagnostics)
    {
        if (change.Action == StagedAction.Set && changes.FirstOrDefault(c => c.Action == StagedAction.Set && c.Target == change.Target) is { } earlier)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, $"staged twice (also at {earlier.Source}); together, this later one is measured")
            {
                File = manifest.File,
                Line = manifest.Line,
                Object = $"{manifest.Kind} {change.Target.QualifiedName}",
            });
        }
    }

    internal static bool IsPolicyKind(string kind) => PolicyKinds.ContainsKey(kind);
}
