namespace FlowAuditor.Core.Policies;

/// <summary>Names a policy object: <c>ns/name</c>, or <c>name</c> for a cluster-wide policy.</summary>
public sealed record PolicyRef(PolicyKind Kind, string? Namespace, string Name)
{
    public string QualifiedName => Namespace is null ? Name : $"{Namespace}/{Name}";

    public override string ToString() => $"{Kind} '{QualifiedName}'";
}
