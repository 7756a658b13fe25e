namespace FlowAuditor.Auditing;

/// <summary>What <c>flowauditor audit --flows</c> was asked to do.</summary>
internal sealed record OfflineAuditRequest(IReadOnlyList<string> Flows, IReadOnlyList<string> Manifests)
{
    public AuditSettings Settings { get; init; } = new();

    public bool Strict { get; init; }
}
