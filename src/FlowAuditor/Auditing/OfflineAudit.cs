using FlowAuditor.Hubble.Capture;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Auditing;

/// <summary>
/// The offline audit: load manifests, stream the capture through the attribution pipeline, build the report.
/// Malformed capture lines are reported through <paramref name="onCaptureDiagnostic"/> and skipped.
/// </summary>
internal static class OfflineAudit
{
    public static Task<AuditResult> RunAsync(
        OfflineAuditRequest request, Action<CaptureDiagnostic>? onCaptureDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifests = Task.Run(() => ManifestLoader.Load(request.Manifests, request.Settings.Evaluation.Version), cancellationToken);
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = request.Strict, OnDiagnostic = onCaptureDiagnostic });
        return AuditPipeline.RunAsync(manifests, reader.ReadEventsAsync(request.Flows, cancellationToken), request.Settings, () => AuditInputCounts.Of(reader.Stats), cancellationToken);
    }
}
