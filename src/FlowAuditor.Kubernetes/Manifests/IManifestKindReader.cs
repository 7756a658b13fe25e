namespace FlowAuditor.Kubernetes.Manifests;

/// <summary>Reads objects of one or more kinds into the load context. One implementation per concept.</summary>
internal interface IManifestKindReader
{
    IEnumerable<string> Kinds { get; }

    void Read(ManifestObject manifest, LoadContext context);
}
