using FlowAuditor.Core.Readiness;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon.Staging;

namespace FlowAuditor.Daemon;

/// <summary>
/// The daemon's rollout readiness per namespace seen, by the one definition (<see cref="RolloutReadiness"/>): AUDIT
/// quiet for <c>EnforceQuietMinutes</c>, no pending suggestions, no staged change that would deny, nothing
/// unexplained within the window. Feeds <c>/api/v1/readiness</c> and <c>flowauditor_namespace_enforce_ready</c>.
/// </summary>
internal sealed class RolloutReadinessView(AuditState audit, StagedState staged, TimeProvider time)
{
    public IReadOnlyList<ReadinessVerdict> Compute()
    {
        var namespaces = audit.Readiness.Snapshot();
        var report = audit.BuildReport(new SuggestionOptions());
        return RolloutReadiness.Evaluate(
            namespaces.Select(n => n.Namespace),
            namespaces.Where(n => !n.EnforceReady).Select(n => n.Namespace).ToHashSet(StringComparer.Ordinal),
            report,
            staged.Measure(),
            time.GetUtcNow() - audit.Readiness.QuietWindow);
    }
}
