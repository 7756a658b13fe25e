using FlowAuditor.Core.Auditing;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Auditing;

/// <summary>The report plus what the inputs looked like (policy load diagnostics, flow input counts, lost events).</summary>
internal sealed record AuditResult(
    AuditReport Report,
    ManifestLoadResult Manifests,
    AuditInputCounts Input,
    IReadOnlyDictionary<string, long> LostEventsBySource)
{
    public bool HasInputErrors => Manifests.HasErrors || Input.Malformed > 0;
}
