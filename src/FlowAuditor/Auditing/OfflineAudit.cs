using FlowAuditor.Hubble.Capture;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Auditing;

/// <summary>
/// The offline audit: load manifests, stream the capture through the attribution pipeline, build the report.
/// Malformed capture lines are reported through <paramref name="onCaptureDiagnostic"/> and skipped.
/// </summary>
internal static class OfflineAudit
{
    public static async Task<AuditResult> RunAsync(
        OfflineAuditRequest request, Action<CaptureDiagnostic>? onCaptureDiagnostic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifests = ManifestLoader.Load(request.Manifests);
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = request.Strict, OnDiagnostic = onCaptureDiagnostic });
        var (report, lost) = await AuditPipeline.RunAsync(manifests, reader.ReadAsync(request.Flows, cancellationToken), request.Settings, cancellationToken)
            .ConfigureAwait(false);
        return new AuditResult(report, manifests, AuditInputCounts.Of(reader.Stats), lost);
    }
}
