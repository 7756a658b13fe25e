using System.Globalization;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Staging;

namespace FlowAuditor.Core.Readiness;

/// <summary>
/// The one definition of "ready to enforce", used by the audit report, <c>/api/v1/readiness</c> and the
/// <c>flowauditor_namespace_enforce_ready</c> metric. A namespace is ready when, within the quiet window:
/// <list type="bullet">
/// <item>its AUDIT verdicts were quiet;</item>
/// <item>no suggestions are pending for it;</item>
/// <item>no staged change would deny anything whose subject is in it;</item>
/// <item>nothing in it is unexplained.</item>
/// </list>
/// </summary>
public static class RolloutReadiness
{
    /// <param name="audited">Namespaces not yet AUDIT-quiet for the quiet window (an AUDIT verdict within it, or not observed that long).</param>
    /// <param name="since">Start of the quiet window: unexplained denials last seen before it no longer count.</param>
    public static IReadOnlyList<ReadinessVerdict> Evaluate(
        IEnumerable<string> namespaces, IReadOnlySet<string> audited, AuditReport report, StagedImpact staged, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(audited);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(staged);
        return [.. namespaces.Where(ns => ns.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(ns =>
        {
            var reasons = new List<string>();
            if (audited.Contains(ns))
            {
                reasons.Add("AUDIT not quiet for the quiet window");
            }

            var pending = report.Suggestions.Policies.Count(p => p.Namespace == ns);
            if (pending > 0)
            {
                reasons.Add(Inv($"{pending} suggestion(s) pending"));
            }

            foreach (var change in staged.Changes)
            {
                var denied = change.Examples.Where(e => e.Effect == StagedEffect.WouldDeny && e.Key.Namespace == ns).Sum(e => e.Attempts);
                if (denied > 0)
                {
                    reasons.Add(Inv($"staged {change.Change!.Target} would deny {denied} attempt(s)"));
                }
            }

            var unexplained = report.Denied
                .Where(e => e.Key.Namespace == ns && e.Attribution.Outcome == AttributionOutcome.Unexplained && e.LastSeen >= since)
                .Sum(e => e.Dropped + e.Audited);
            if (unexplained > 0)
            {
                reasons.Add(Inv($"{unexplained} unexplained denial(s)"));
            }

            return new ReadinessVerdict(ns, reasons);
        })];
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
