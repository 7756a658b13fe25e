using FlowAuditor.Core.Flows;
using Prometheus;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// The <c>flowauditor_flows_total</c> children by verdict and direction, resolved once: counting a flow is then an
/// array index and an increment, with no label strings built per flow. Likewise
/// <c>flowauditor_node_flows_total</c> by node (capped like the other high-cardinality labels) and verdict, and
/// <c>flowauditor_non_policy_drops_total</c> by drop reason.
/// </summary>
internal sealed class FlowCounters(Counter flows, Counter nodeFlows, LabelValueLimiter nodes, Counter nonPolicyDrops)
{
    // Drop reasons are Hubble's enum names (a few dozen); unknown numbers are bounded by this.
    private const int MaxDropReasons = 1_000;
    private const int KnownVerdicts = (int)FlowVerdict.Translated + 1;
    private readonly Counter.Child?[,] _children = new Counter.Child?[KnownVerdicts, 3];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Counter.Child?[]> _byNode = new(StringComparer.Ordinal);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Counter.Child> _byDropReason = new(StringComparer.Ordinal);

    public Counter.Child ForNonPolicyDrop(string? reason)
    {
        reason ??= "unknown";
        if (_byDropReason.TryGetValue(reason, out var child))
        {
            return child;
        }

        child = nonPolicyDrops.WithLabels(reason);
        if (_byDropReason.Count < MaxDropReasons)
        {
            _byDropReason.TryAdd(reason, child);
        }

        return child;
    }

    public Counter.Child ForNode(string? node, FlowVerdict verdict)
    {
        var children = _byNode.GetOrAdd(node ?? "", _ => new Counter.Child?[KnownVerdicts + 1]);
        var v = (int)verdict is >= 0 and < KnownVerdicts ? (int)verdict : KnownVerdicts;
        return children[v] ??= nodeFlows.WithLabels(
            nodes.Admit(node ?? ""),
            v == KnownVerdicts ? ((int)verdict).ToString(System.Globalization.CultureInfo.InvariantCulture) : verdict.ToString().ToLowerInvariant());
    }

    public Counter.Child For(FlowVerdict verdict, FlowDirection direction)
    {
        var v = (int)verdict;
        var d = (int)direction;
        if (v is < 0 or >= KnownVerdicts || d is < 0 or > 2)
        {
            // A verdict or direction number newer than ours: label it by number.
            return flows.WithLabels(v.ToString(System.Globalization.CultureInfo.InvariantCulture), d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return _children[v, d] ??= flows.WithLabels(verdict.ToString().ToLowerInvariant(), direction.ToString().ToLowerInvariant());
    }
}
