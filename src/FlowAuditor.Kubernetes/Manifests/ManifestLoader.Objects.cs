namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>Loading of objects that arrive one by one rather than as files (the Kubernetes API watchers).</summary>
public static partial class ManifestLoader
{
    /// <summary>
    /// Loads each text (one object, JSON or YAML) as if it were its own file named <c>Source</c>, all into one result,
    /// so watched objects are translated exactly as the same objects in manifests would be.
    /// </summary>
    internal static ManifestLoadResult LoadObjects(IEnumerable<(string Source, string Text)> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var context = new LoadContext();
        foreach (var (source, text) in objects)
        {
            Read(text, source, context);
        }

        return Finish(context);
    }
}
