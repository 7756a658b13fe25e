using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// Partitions one protocol's port axis for a pair into intervals on which no rule of either side changes its answer,
/// so evaluating one port per interval decides the whole interval.
/// </summary>
internal static class PortIntervals
{
    /// <param name="clusterPorts">Ports egress named entries may resolve to besides the destination's own (cluster-wide resolution).</param>
    public static List<PortRange> For(int protocolIndex, PortCuts egress, PortCuts ingress, Endpoint destination, IReadOnlyList<NamedPort> clusterPorts)
    {
        var starts = new List<int>(egress.For(protocolIndex).Count + ingress.For(protocolIndex).Count + 1) { PortRange.MinPort };
        starts.AddRange(egress.For(protocolIndex));
        starts.AddRange(ingress.For(protocolIndex));
        if (egress.HasNamedPorts || ingress.HasNamedPorts)
        {
            // Named ports resolve on the destination: cutting at each of its declared ports (of this protocol) is a
            // superset of what any named entry resolves to, and extra cuts never change the merged result.
            var protocol = Protocols.Transport[protocolIndex];
            foreach (var named in destination.NamedPorts.Concat(egress.HasNamedPorts ? clusterPorts : []))
            {
                if (named.Protocol == protocol)
                {
                    PortCuts.AddRange(starts, named.Port, named.Port);
                }
            }
        }

        starts.Sort();
        var intervals = new List<PortRange>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            if (i > 0 && starts[i] == starts[i - 1])
            {
                continue;
            }

            var next = i + 1;
            while (next < starts.Count && starts[next] == starts[i])
            {
                next++;
            }

            intervals.Add(new PortRange(starts[i], next < starts.Count ? starts[next] - 1 : PortRange.MaxPort));
        }

        return intervals;
    }
}
