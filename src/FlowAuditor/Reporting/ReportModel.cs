using FlowAuditor.Auditing;
using FlowAuditor.Core.Auditing;

namespace FlowAuditor.Reporting;

/// <summary>
/// Everything a report shows, typed: the audit's conclusions plus what only one producer knows (the capture's
/// input counts for <c>audit</c>; namespace readiness and the restore state for the daemon). One model serves
/// <c>audit -o json</c> and <c>/api/v1/report</c> (one writer, <see cref="AuditJsonReport"/>; schema in
/// docs/report.md), the text report (<see cref="AuditTextReport"/>) and the daemon's report-derived metrics.
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
                result.Input,
                result.Manifests.Diagnostics.Count(d => d.Severity == Core.Diagnostics.Severity.Error),
                result.LostEventsBySource,
                PolicyInventory.Of(result.Manifests)),
            Staged = result.Staged,
            Readiness = result.Readiness,
        };
    }
}

/// <summary>What an offline audit read: capture lines or server responses, flows, malformed lines, manifest errors, lost events by source, policies loaded.</summary>
internal sealed record CaptureSummary(AuditInputCounts Input, int ManifestErrors, IReadOnlyDictionary<string, long> LostEventsBySource, PolicyInventory Policies)
{
    public long Lines => Input.Records;

    public long Malformed => Input.Malformed;
}

/// <summary>The policies an offline audit loaded, by kind, and the workloads its manifests define.</summary>
internal sealed record PolicyInventory(int NetworkPolicies, int CiliumNetworkPolicies, int CiliumClusterwideNetworkPolicies, int Workloads)
{
    public static PolicyInventory Of(Kubernetes.Manifests.ManifestLoadResult manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var policies = manifests.Policies;
        return new(
            policies.Count(Core.Policies.PolicyKind.NetworkPolicy),
            policies.Count(Core.Policies.PolicyKind.CiliumNetworkPolicy),
            policies.Count(Core.Policies.PolicyKind.CiliumClusterwideNetworkPolicy),
            manifests.Cluster.Workloads.Count);
    }
}
