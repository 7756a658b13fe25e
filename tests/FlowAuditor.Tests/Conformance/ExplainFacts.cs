using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Tests.Conformance;

/// <summary>
/// An explanation flattened to comparable lines, one per (pair, allowed/denied subset, direction, reason):
/// <c>a => b | Denied TCP 1-79,81-65535, UDP, SCTP | Ingress Denied | ports-mismatch NetworkPolicy 'ns/p' #1</c>.
/// Subsets are written canonically (<see cref="ConnectionSet.ToString"/>) so only their content is compared.
/// </summary>
internal static class ExplainFacts
{
    public const string SystemDefault = "system-default";

    public static string Fact(string pair, bool allowed, ConnectionSet subset, string direction, bool directionAllowed, string detail) =>
        $"{pair} | {(allowed ? "Allowed" : "Denied")} {subset} | {direction} {(directionAllowed ? "Allowed" : "Denied")} | {detail}";

    /// <summary>Our explanation of every pair, flattened.</summary>
    public static IEnumerable<string> Of(IEnumerable<PairExplanation> explanations)
    {
        foreach (var explanation in explanations)
        {
            var pair = $"{explanation.Source.Name} => {explanation.Destination.Name}";
            foreach (var group in explanation.Groups)
            {
                foreach (var direction in new[] { group.Verdict.Egress, group.Verdict.Ingress })
                {
                    foreach (var detail in Details(direction))
                    {
                        yield return Fact(pair, group.Allowed, group.Connections, direction.Direction.ToString(), direction.Allowed, detail);
                    }
                }
            }
        }
    }

    public static string Allows(string policy, int rule) => $"allowed-by {policy} #{rule}";

    public static string NoRuleSelectsPeer(string policy, bool noRulesDefined) =>
        $"no-rule-selects-peer {policy}{(noRulesDefined ? " (no rules defined)" : string.Empty)}";

    public static string PortsMismatch(string policy, int rule) => $"ports-mismatch {policy} #{rule}";

    public static string NamedPortUnresolved(string policy, int rule) => $"named-port-unresolved {policy} #{rule}";

    private static IEnumerable<string> Details(DirectionVerdict direction)
    {
        if (direction.Allowed && !direction.Isolated)
        {
            return [SystemDefault];
        }

        return direction.Allowed
            ? direction.AllowedBy.Select(r => Allows(r.Policy.ToString(), r.Rule))
            : direction.Denials.Select(d => d.Reason switch
            {
                DenialReason.NoRuleSelectsPeer => NoRuleSelectsPeer(d.Policy.ToString(), d.NoRulesDefined),
                DenialReason.PortsMismatch => PortsMismatch(d.Policy.ToString(), d.Rule ?? 0),
                DenialReason.NamedPortUnresolved => NamedPortUnresolved(d.Policy.ToString(), d.Rule ?? 0),
                _ => $"{d.Reason} {d.Policy} #{d.Rule}",
            });
    }
}
