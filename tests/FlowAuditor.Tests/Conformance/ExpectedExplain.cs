using System.Text.RegularExpressions;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Tests.Conformance;

/// <summary>
/// Reads a case's <c>explain.txt</c> into <see cref="ExplainFacts"/> lines. Every line must be understood: an
/// unknown line fails the parse instead of being skipped, so nothing in the expectation goes unchecked.
/// </summary>
internal static partial class ExpectedExplain
{
    public static IReadOnlyList<string> Parse(IEnumerable<string> lines)
    {
        var facts = new List<string>();
        string? source = null, destination = null, direction = null;
        bool? allowed = null, directionAllowed = null;
        var subset = ConnectionSet.None;
        var inDefaults = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            Match m;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("-----", StringComparison.Ordinal)
                || line is "Allowed connections:" or "Denied connections:")
            {
                inDefaults |= line.Contains("All Connections due to the system default", StringComparison.Ordinal);
                continue;
            }

            if ((m = PairHeader().Match(line)).Success)
            {
                (source, destination, inDefaults) = (m.Groups["src"].Value, m.Groups["dst"].Value, false);
            }
            else if (inDefaults && (m = DefaultPair().Match(line)).Success)
            {
                var pair = $"{m.Groups["src"].Value} => {m.Groups["dst"].Value}";
                facts.Add(ExplainFacts.Fact(pair, true, ConnectionSet.All, "Egress", true, ExplainFacts.SystemDefault));
                facts.Add(ExplainFacts.Fact(pair, true, ConnectionSet.All, "Ingress", true, ExplainFacts.SystemDefault));
            }
            else if ((m = Entry().Match(line)).Success)
            {
                allowed = m.Groups["verdict"].Value == "Allowed";
                subset = Subset(m.Groups["subset"].Value);
            }
            else if ((m = DirectionHeader().Match(line)).Success)
            {
                direction = m.Groups["dir"].Value;
                directionAllowed = m.Groups["verdict"].Value == "Allowed";
                if (m.Groups["default"].Success)
                {
                    Add(ExplainFacts.SystemDefault);
                }
            }
            else if ((m = AllowsLine().Match(line)).Success)
            {
                Add(ExplainFacts.Allows(m.Groups["policy"].Value, int.Parse(m.Groups["rule"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if ((m = NoRuleLine().Match(line)).Success)
            {
                CheckNames(m);
                Add(ExplainFacts.NoRuleSelectsPeer(m.Groups["policy"].Value, m.Groups["none"].Success));
            }
            else if ((m = RuleLine().Match(line)).Success)
            {
                CheckNames(m);
                var rule = int.Parse(m.Groups["rule"].Value, System.Globalization.CultureInfo.InvariantCulture);
                Add(m.Groups["named"].Success
                    ? ExplainFacts.NamedPortUnresolved(m.Groups["policy"].Value, rule)
                    : ExplainFacts.PortsMismatch(m.Groups["policy"].Value, rule));
            }
            else
            {
                throw new FormatException($"unrecognised explain line: '{line}'");
            }

            void Add(string detail)
            {
                if (source is null || allowed is null || direction is null || directionAllowed is null)
                {
                    throw new FormatException($"explain line outside a pair entry: '{line}'");
                }

                facts.Add(ExplainFacts.Fact($"{source} => {destination}", allowed.Value, subset, direction, directionAllowed.Value, detail));
            }

            void CheckNames(Match match)
            {
                var (subject, peer) = direction == "Egress" ? (source, destination) : (destination, source);
                if (match.Groups["subject"].Value != subject || match.Groups["peer"].Value != peer)
                {
                    throw new FormatException($"explain line names other peers than its pair {source} => {destination}: '{line}'");
                }
            }
        }

        return facts;
    }

    /// <summary><c>TCP:[1-79,81-65535], UDP, SCTP</c> to a connection set.</summary>
    public static ConnectionSet Subset(string text)
    {
        var result = ConnectionSet.None;
        foreach (var part in text.Split(", "))
        {
            var m = SubsetPart().Match(part);
            if (!m.Success || !Protocols.TryParse(m.Groups["proto"].Value, out var protocol))
            {
                throw new FormatException($"unrecognised connection subset '{text}'");
            }

            var ports = m.Groups["ports"].Success
                ? PortSet.Of(m.Groups["ports"].Value.Split(',').Select(Range))
                : PortSet.All;
            result = result.Union(ConnectionSet.Of(protocol, ports));
        }

        return result;
    }

    private static PortRange Range(string text)
    {
        var bounds = text.Split('-').Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new PortRange(bounds[0], bounds[^1]);
    }

    [GeneratedRegex(@"^Connections between (?<src>\S+) => (?<dst>\S+):$")]
    private static partial Regex PairHeader();

    [GeneratedRegex(@"^(?<src>\S+) => (?<dst>\S+)$")]
    private static partial Regex DefaultPair();

    [GeneratedRegex(@"^\t(?<verdict>Allowed|Denied) (?<subset>.+) due to the following policies and rules:$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^\t\t(?<dir>Egress|Ingress) \((?<verdict>Allowed|Denied)\)(?<default> due to the system default \(Allow all\))?$")]
    private static partial Regex DirectionHeader();

    [GeneratedRegex(@"^\t\t\t(?<policy>\w+ '[^']+') allows connections by (Egress|Ingress) rule #(?<rule>\d+)$")]
    private static partial Regex AllowsLine();

    [GeneratedRegex(@"^\t\t\t(?<policy>\w+ '[^']+') selects (?<subject>\S+), but (?<peer>\S+) is not allowed by any (Egress|Ingress) rule(?<none> \(no rules defined\))?$")]
    private static partial Regex NoRuleLine();

    [GeneratedRegex(@"^\t\t\t(?<policy>\w+ '[^']+') selects (?<subject>\S+), and (Egress|Ingress) rule #(?<rule>\d+) selects (?<peer>\S+), but ((?<mismatch>the protocols and ports do not match)|(?<named>named ports of the rule have no match in the configuration of the destination peer))$")]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"^(?<proto>TCP|UDP|SCTP)(:\[(?<ports>[0-9,-]+)\])?$")]
    private static partial Regex SubsetPart();
}
