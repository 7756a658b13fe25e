namespace FlowAuditor.Core.Endpoints;

/// <summary>The workload a pod belongs to: <c>ns/name[Kind]</c>, the unit reports and suggestions speak of.</summary>
public sealed record WorkloadRef(string Namespace, string Name, string Kind)
{
    public override string ToString() => $"{Namespace}/{Name}[{Kind}]";
}
