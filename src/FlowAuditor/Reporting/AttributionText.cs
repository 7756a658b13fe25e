using System.Globalization;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Reporting;

/// <summary>Sentences for outcomes and denials, shared by the text report and the HTTP API.</summary>
internal static class AttributionText
{
    public static string Outcome(AttributionOutcome outcome) => outcome switch
    {
        AttributionOutcome.DefaultDeny => "default-deny",
        AttributionOutcome.DenyRule => "deny-rule",
        AttributionOutcome.AuthRequired => "auth-required",
        AttributionOutcome.Unexplained => "unexplained",
        AttributionOutcome.NotEnforced => "not-enforced",
        AttributionOutcome.Resolved => "resolved",
        _ => "consistent",
    };

    public static string Reason(DenialReason reason) => reason switch
    {
        DenialReason.NoRuleSelectsPeer => "no-rule-selects-peer",
        DenialReason.PortsMismatch => "ports-mismatch",
        DenialReason.NamedPortUnresolved => "named-port-unresolved",
        _ => "deny-rule",
    };

    /// <summary><c>NetworkPolicy production/allow-web: rule #1 selects the peer, but not this protocol/port</c>.</summary>
    public static string Denial(Denial denial, string direction)
    {
        var policy = $"{denial.Policy.Kind} {denial.Policy.QualifiedName}{(denial.Spec is { } spec ? string.Create(CultureInfo.InvariantCulture, $" spec #{spec}") : string.Empty)}";
        return denial.Reason switch
        {
            DenialReason.NoRuleSelectsPeer when denial.NoRulesDefined => $"{policy}: isolates {direction} and has no {direction} rules",
            DenialReason.NoRuleSelectsPeer when denial.PeerNearMisses.Count > 0 =>
                $"{policy}: no {direction} rule selects the peer; near miss: {string.Join("; ", denial.PeerNearMisses.Select(m => string.Create(CultureInfo.InvariantCulture, $"rule #{m.Rule} allows this port, but only for {string.Join(" or ", m.Peers)}")))}",
            DenialReason.NoRuleSelectsPeer => $"{policy}: no {direction} rule selects the peer",
            DenialReason.PortsMismatch => string.Create(CultureInfo.InvariantCulture, $"{policy}: {direction} rule #{denial.Rule} selects the peer, but not this protocol/port (near miss)"),
            DenialReason.NamedPortUnresolved => string.Create(CultureInfo.InvariantCulture, $"{policy}: {direction} rule #{denial.Rule} selects the peer, but its named port has no match on the destination pod"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{policy}: {direction}Deny rule #{denial.Rule} matches (deny wins over any allow)"),
        };
    }
}
