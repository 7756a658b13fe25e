using FlowAuditor.Core.Flows;
using Prometheus;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// The <c>flowauditor_flows_total</c> children by verdict and direction, resolved once: counting a flow is then an
/// array index and an increment, with no label strings built per flow.
/// </summary>
internal sealed class FlowCounters(Counter flows)
{
    private const int KnownVerdicts = (int)FlowVerdict.Translated + 1;
    private readonly Counter.Child?[,] _children = new Counter.Child?[KnownVerdicts, 3];

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
