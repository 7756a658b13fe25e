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
    /// <param name="audited">Namespaces with an AUDIT verdict within the quiet window.</param>
    /// <param name="since">Start of the quiet window: unexplained denials last seen before it no longer count.</param>
    /// <param name="unobserved">
    /// Namespaces with no AUDIT verdict seen, but observed for less than the quiet window (the daemon just started):
    /// quiet so far is not yet quiet for the window.
    /// </param>
    public static IReadOnlyList<ReadinessVerdict> Evaluate(
        IEnumerable<string> namespaces, IReadOnlySet<string> audited, AuditReport report, StagedImpact staged, DateTimeOffset since, IReadOnlySet<string>? unobserved = null)
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
            else if (unobserved?.Contains(ns) == true)
            {
                reasons.Add("observed for less than the quiet window (no AUDIT verdict so far)");
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
