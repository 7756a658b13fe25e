using FlowAuditor.Auditing;
using FlowAuditor.Core.Auditing;

namespace FlowAuditor.Reporting;

/// <summary>
/// Everything a report shows, typed: the audit's conclusions plus what only one producer knows (the capture's
/// input counts for <c>audit</c>; namespace readiness and the restore state for the daemon). One model and one
/// writer (<see cref="AuditJsonReport"/>) serve <c>audit -o json</c> and <c>/api/v1/report</c>; the schema is in
/// docs/report.md.
/// </summary>
internal sealed record ReportModel(AuditReport Report)
{
    /// <summary>The daemon is still bringing back stored state: counts are partial, not absent.</summary>
    public bool Restoring { get; init; }

    /// <summary>Input counts of an offline audit; null for the daemon.</summary>
    public CaptureSummary? Capture { get; init; }

    /// <summary>Namespace readiness (the daemon); null offline, where wall-clock recency means nothing.</summary>
    public IReadOnlyList<NamespaceStatus>? Namespaces { get; init; }

    /// <summary>What staged changes would deny and admit (<c>audit --staged</c>); null without staged input.</summary>
    public Core.Staging.StagedImpact? Staged { get; init; }

    /// <summary>Rollout readiness per namespace (<c>audit</c>); null where the producer does not compute it.</summary>
    public IReadOnlyList<Core.Readiness.ReadinessVerdict>? Readiness { get; init; }

    public static ReportModel Of(AuditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReportModel(result.Report)
        {
            Capture = new CaptureSummary(
                result.Input.Records,
                result.Input.Malformed,
                result.Manifests.Diagnostics.Count(d => d.Severity == Core.Diagnostics.Severity.Error),
                result.LostEventsBySource),
            Staged = result.Staged,
            Readiness = result.Readiness,
        };
    }
}

/// <summary>What an offline audit read: capture lines, malformed lines, manifest errors, lost events by source.</summary>
internal sealed record CaptureSummary(long Lines, long Malformed, int ManifestErrors, IReadOnlyDictionary<string, long> LostEventsBySource);
