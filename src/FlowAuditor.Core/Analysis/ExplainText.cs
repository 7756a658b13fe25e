using System.Text;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// Readable explanations in the layout of the reference analyzer's explain output: per pair, the allowed and the
/// denied parts of the connection space, and for each, per direction, the system default or the policies and rules.
/// </summary>
public static class ExplainText
{
    public const string Separator =
        "----------------------------------------------------------------------------------------------------------------------------------------------------------------";

    /// <summary>One pair's block: header, then <c>Allowed connections:</c> and <c>Denied connections:</c> sections.</summary>
    public static string Block(PairExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var text = new StringBuilder();
        text.Append("Connections between ").Append(explanation.Source.Name).Append(" => ").Append(explanation.Destination.Name).Append(":\n");
        AppendSection(text, explanation, allowed: true);
        AppendSection(text, explanation, allowed: false);
        return text.ToString();
    }

    /// <summary><c>TCP:[1-79,81-65535], UDP, SCTP</c>: a protocol with every port is named alone.</summary>
    public static string Subset(ConnectionSet connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        return string.Join(", ", Protocols.Transport
            .Where(p => !connections[p].IsEmpty)
            .Select(p => connections[p].IsAll ? p.Name() : $"{p.Name()}:[{connections[p]}]"));
    }

    /// <summary>
    /// The text explaining one direction: a header, then one line per allowing rule or per denial.
    /// <paramref name="subject"/> is the side the direction belongs to (source for egress), <paramref name="peer"/> the other.
    /// </summary>
    public static DirectionText Direction(DirectionVerdict verdict, string subject, string peer)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var name = verdict.Direction.ToString();
        if (verdict.Allowed && !verdict.Isolated && verdict.AllowedBy.Count == 0)
        {
            return new DirectionText($"{name} (Allowed) due to the system default (Allow all)", []);
        }

        if (verdict.Allowed && verdict.AllowedByAgent is { } agent)
        {
            return new DirectionText($"{name} (Allowed) by the agent's {agent}", []);
        }

        return verdict.Allowed
            ? new DirectionText($"{name} (Allowed)", [.. verdict.AllowedBy.Select(r => $"{r.Policy} allows connections by {name} rule #{r.Rule}")])
            : new DirectionText($"{name} (Denied)", [.. verdict.Denials.Select(d => DenialLine(d, verdict.Direction, subject, peer))]);
    }

    private static string DenialLine(Denial denial, TrafficDirection direction, string subject, string peer) => denial.Reason switch
    {
        DenialReason.NoRuleSelectsPeer =>
            $"{denial.Policy} selects {subject}, but {peer} is not allowed by any {direction} rule{(denial.NoRulesDefined ? " (no rules defined)" : string.Empty)}",
        DenialReason.PortsMismatch =>
            $"{denial.Policy} selects {subject}, and {direction} rule #{denial.Rule} selects {peer}, but the protocols and ports do not match",
        DenialReason.NamedPortUnresolved =>
            $"{denial.Policy} selects {subject}, and {direction} rule #{denial.Rule} selects {peer}, but named ports of the rule have no match in the configuration of the destination peer",
        DenialReason.DenyRule => $"{denial.Policy} denies connections by {direction} deny rule #{denial.Rule}",
        _ => $"{denial.Policy}: {denial.Reason}",
    };

    private static void AppendSection(StringBuilder text, PairExplanation explanation, bool allowed)
    {
        var groups = explanation.Groups.Where(g => g.Allowed == allowed).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var word = allowed ? "Allowed" : "Denied";
        text.Append('\n').Append(word).Append(" connections:\n");
        foreach (var group in groups)
        {
            text.Append('\t').Append(word).Append(' ').Append(Subset(group.Connections)).Append(" due to the following policies and rules:\n");
            var source = explanation.Source.Name;
            var destination = explanation.Destination.Name;
            AppendDirection(text, Direction(group.Verdict.Egress, source, destination));
            AppendDirection(text, Direction(group.Verdict.Ingress, destination, source));
        }
    }

    private static void AppendDirection(StringBuilder text, DirectionText direction)
    {
        text.Append("\t\t").Append(direction.Header).Append('\n');
        foreach (var line in direction.Details)
        {
            text.Append("\t\t\t").Append(line).Append('\n');
        }
    }
}
