using FlowAuditor.Core.Auditing;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Auditing;

/// <summary>The report plus what the inputs looked like (load diagnostics, capture counts, lost events).</summary>
internal sealed record OfflineAuditResult(
    AuditReport Report,
    ManifestLoadResult Manifests,
    CaptureReadStats Capture,
    IReadOnlyDictionary<string, long> LostEventsBySource)
{
    public bool HasInputErrors => Manifests.HasErrors || Capture.Malformed > 0;
}
