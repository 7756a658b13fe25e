using System.Globalization;
using FlowAuditor.Hubble.Api;
using Google.Protobuf.Collections;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Builds GetFlows whitelist filters from <c>observe</c>'s filter flags the way the hubble CLI does
/// (<c>hubble/cmd/observe/flows_filter.go</c>, <c>filterTracker</c>): two filters, left OR right. A flag about one
/// side (<c>--from-pod</c>, <c>--verdict</c>) goes into both; a flag about either side (<c>--pod x</c>) puts
/// <c>source_pod: [x]</c> into the left and <c>destination_pod: [x]</c> into the right. <c>--namespace</c> is applied
/// last, to the left's source and the right's destination pods. Equal halves collapse into one filter.
/// </summary>
internal sealed class FlowFilterFlags
{
    // Flags that cannot be combined, as upstream's conflict groups (for the flags implemented here).
    private static readonly string[][] Conflicts =
    [
        ["from-ip", "ip", "from-namespace", "namespace"],
        ["from-ip", "ip", "from-pod", "pod"],
        ["to-ip", "ip", "to-namespace", "namespace"],
        ["to-ip", "ip", "to-pod", "pod"],
        ["to-pod", "namespace"],
        ["from-pod", "namespace"],
        ["label", "from-label"],
        ["label", "to-label"],
        ["port", "to-port"],
        ["port", "from-port"],
    ];

    private static readonly Dictionary<string, (Func<FlowFilter, RepeatedField<string>> Source, Func<FlowFilter, RepeatedField<string>> Destination)> SidedFields = new(StringComparer.Ordinal)
    {
        ["pod"] = (f => f.SourcePod, f => f.DestinationPod),
        ["ip"] = (f => f.SourceIp, f => f.DestinationIp),
        ["label"] = (f => f.SourceLabel, f => f.DestinationLabel),
        ["port"] = (f => f.SourcePort, f => f.DestinationPort),
    };

    private readonly List<string> _changed = [];
    private readonly List<string> _namespaces = [];
    private readonly List<string> _sourceNamespaces = [];
    private readonly List<string> _destinationNamespaces = [];
    private FlowFilter? _left;
    private FlowFilter? _right;

    /// <summary>Applies one flag value; returns the problem (as hubble words it), or null.</summary>
    public string? Add(string flag, string value)
    {
        ArgumentNullException.ThrowIfNull(flag);
        ArgumentNullException.ThrowIfNull(value);
        if (!_changed.Contains(flag))
        {
            _changed.Add(flag);
        }

        if (Conflict() is { } conflict)
        {
            return conflict;
        }

        var problem = Apply(flag, value);
        return problem ?? NamespaceConflict(_left) ?? NamespaceConflict(_right);
    }

    /// <summary>The whitelist: none, one, or the two halves.</summary>
    public IReadOnlyList<FlowFilter> Build()
    {
        if (_left is null && _right is null && _namespaces.Count == 0 && _sourceNamespaces.Count == 0 && _destinationNamespaces.Count == 0)
        {
            return [];
        }

        var left = _left?.Clone() ?? new FlowFilter();
        var right = _right?.Clone() ?? new FlowFilter();
        ApplyDestination(left, _destinationNamespaces);
        ApplyDestination(right, _destinationNamespaces);
        ApplySource(left, _sourceNamespaces);
        ApplySource(right, _sourceNamespaces);
        ApplySource(left, _namespaces);
        ApplyDestination(right, _namespaces);
        return left.Equals(right) ? [left] : [left, right];
    }

    private string? Apply(string flag, string value)
    {
        // --X, --from-X, --to-X for the string fields that exist on both sides.
        var side = flag.StartsWith("from-", StringComparison.Ordinal) ? "from" : flag.StartsWith("to-", StringComparison.Ordinal) ? "to" : null;
        if (SidedFields.TryGetValue(side is null ? flag : flag[(side.Length + 1)..], out var fields))
        {
            switch (side)
            {
                case "from":
                    Both(f => fields.Source(f).Add(value));
                    break;
                case "to":
                    Both(f => fields.Destination(f).Add(value));
                    break;
                default:
                    Left(f => fields.Source(f).Add(value));
                    Right(f => fields.Destination(f).Add(value));
                    break;
            }

            return null;
        }

        switch (flag)
        {
            case "namespace":
                _namespaces.Add(value);
                break;
            case "from-namespace":
                _sourceNamespaces.Add(value);
                break;
            case "to-namespace":
                _destinationNamespaces.Add(value);
                break;
            case "node-name":
                Both(f => f.NodeName.Add(value));
                break;
            case "verdict":
                // The proto name exactly, as Go's Verdict_value map takes it (DROPPED, not dropped).
                var verdicts = Enum.GetValues<Verdict>().Where(v => ProtoEnumText.Of(v) == value).ToList();
                if (verdicts.Count == 0)
                {
                    return $"invalid --verdict value: {value}";
                }

                Both(f => f.Verdict.Add(verdicts[0]));
                break;
            case "traffic-direction":
                var direction = value.ToLowerInvariant() switch
                {
                    "ingress" => TrafficDirection.Ingress,
                    "egress" => TrafficDirection.Egress,
                    _ => (TrafficDirection?)null,
                };
                if (direction is null)
                {
                    return $"{value.ToLowerInvariant()}: invalid traffic direction, expected ingress or egress";
                }

                Both(f => f.TrafficDirection.Add(direction.Value));
                break;
            case "type":
                var (type, problem) = EventType(value);
                if (type is null)
                {
                    return problem;
                }

                Both(f => f.EventType.Add(type.Clone()));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(flag), flag, "not a filter flag");
        }

        return null;
    }

    /// <summary><c>TYPE[:SUBTYPE]</c>: a name (<c>policy-verdict</c>) or number; trace sub-types by name or number.</summary>
    private static (EventTypeFilter? Filter, string? Problem) EventType(string value)
    {
        var parts = value.Split(':', 2);
        var filter = new EventTypeFilter();
        if (MonitorNames.EventTypes.TryGetValue(parts[0], out var known))
        {
            filter.Type = known;
        }
        else if (uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            filter.Type = (int)number;
        }
        else
        {
            return (null, $"unable to parse type '{parts[0]}', not a known type name and unable to parse as numeric value");
        }

        if (parts.Length > 1)
        {
            if (filter.Type == 4 && MonitorNames.TracePointNumber(parts[1]) is { } point)
            {
                filter.SubType = point;
            }
            else if (uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var subType))
            {
                filter.SubType = (int)subType;
            }
            else
            {
                return (null, $"unable to parse event sub-type '{parts[1]}', not a known sub-type name and unable to parse as numeric value");
            }

            filter.MatchSubType = true;
        }

        return (filter, null);
    }

    private string? Conflict()
    {
        foreach (var group in Conflicts)
        {
            var used = group.Where(_changed.Contains).ToList();
            if (used.Count > 1)
            {
                // Named in the order the user gave them, as upstream reports the pair.
                var ordered = _changed.Where(used.Contains).ToList();
                return $"filters --{ordered[0]} and --{ordered[1]} cannot be combined";
            }
        }

        return null;
    }

    private string? NamespaceConflict(FlowFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        return Conflicting(_namespaces, filter.SourcePod) ?? Conflicting(_namespaces, filter.DestinationPod)
            ?? Conflicting(_sourceNamespaces, filter.SourcePod) ?? Conflicting(_destinationNamespaces, filter.DestinationPod);
    }

    private static string? Conflicting(List<string> namespaces, IEnumerable<string> names)
    {
        foreach (var ns in namespaces)
        {
            foreach (var name in names)
            {
                var slash = name.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && name[..slash] != ns)
                {
                    return $"namespace conflict: \"{ns}\" does not contain \"{name}\"";
                }
            }
        }

        return null;
    }

    // namespaceModifier.applySrc/applyDest: no pod given means every pod of the namespaces ("ns/").
    private static void ApplySource(FlowFilter filter, List<string> namespaces) =>
        ApplyNamespaces(filter.SourcePod, filter.SourceService, namespaces);

    private static void ApplyDestination(FlowFilter filter, List<string> namespaces) =>
        ApplyNamespaces(filter.DestinationPod, filter.DestinationService, namespaces);

    private static void ApplyNamespaces(RepeatedField<string> pods, RepeatedField<string> services, List<string> namespaces)
    {
        if (namespaces.Count == 0)
        {
            return;
        }

        if (pods.Count == 0 && services.Count == 0)
        {
            pods.Add("");
        }

        Qualify(pods, namespaces);
        Qualify(services, namespaces);
    }

    private static void Qualify(RepeatedField<string> names, List<string> namespaces)
    {
        var qualified = names.SelectMany(name => name.Contains('/', StringComparison.Ordinal)
            ? [name]
            : namespaces.Select(ns => $"{ns}/{name}")).ToList();
        names.Clear();
        names.AddRange(qualified);
    }

    private void Left(Action<FlowFilter> update) => update(_left ??= new FlowFilter());

    private void Right(Action<FlowFilter> update) => update(_right ??= new FlowFilter());

    private void Both(Action<FlowFilter> update)
    {
        Left(update);
        Right(update);
    }
}
