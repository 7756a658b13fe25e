using FlowAuditor.Core.Readiness;
using FlowAuditor.Daemon.Staging;

namespace FlowAuditor.Daemon;

/// <summary>
/// The daemon's rollout readiness per namespace seen, by the one definition (<see cref="RolloutReadiness"/>): AUDIT
/// quiet for <c>EnforceQuietMinutes</c>, no pending suggestions, no staged change that would deny, nothing
/// unexplained within the window. Computed once per build of the shared report (<see cref="Reports.SharedReport"/>), which feeds
/// <c>/api/v1/readiness</c> and <c>flowauditor_namespace_enforce_ready</c>.
/// </summary>
internal sealed class RolloutReadinessView(AuditState audit, StagedState staged, TimeProvider time)
{
    /// <summary>
    /// Readiness from a report already built (default suggestion options) and the namespaces' audit recency taken
    /// with it: the shared report's build, which shows the same <paramref name="namespaces"/> beside the verdicts.
    /// </summary>
    public IReadOnlyList<ReadinessVerdict> Compute(Core.Auditing.AuditReport report, IReadOnlyList<Reporting.NamespaceStatus> namespaces)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        return RolloutReadiness.Evaluate(
            namespaces.Select(n => n.Namespace),
            namespaces.Where(n => !n.EnforceReady && n.LastAudit is not null).Select(n => n.Namespace).ToHashSet(StringComparer.Ordinal),
            report,
            staged.Measure(),
            time.GetUtcNow() - audit.Readiness.QuietWindow,
            namespaces.Where(n => !n.EnforceReady && n.LastAudit is null).Select(n => n.Namespace).ToHashSet(StringComparer.Ordinal));
    }
}
