using System.Collections.Concurrent;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// Answers "what may <c>a</c> open to <c>b</c>" over the whole TCP/UDP/SCTP port space, not one port at a time: the
/// port axis is cut wherever a rule of a policy selecting either side starts or stops matching, one port per interval
/// is evaluated, and the intervals are merged back. Thread-safe. Port cuts are cached per endpoint instance for the
/// analyzer's lifetime: use one analyzer per policy snapshot.
/// </summary>
public sealed class ConnectionAnalyzer
{
    private readonly ConcurrentDictionary<(Endpoint, TrafficDirection), PortCuts> _cuts = new();

    public ConnectionAnalyzer(PolicyEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        Evaluator = evaluator;
    }

    public PolicyEvaluator Evaluator { get; }

    // Up to 1.19 an egress named port may resolve to a number the destination does not declare: cut there too.
    private IReadOnlyList<NamedPort> ClusterPorts =>
        Evaluator.Options.EgressNamedPorts == EgressNamedPorts.ClusterWide ? Evaluator.PolicySet.NamedPorts.All : [];

    /// <summary>The allowed connections from <paramref name="source"/> to <paramref name="destination"/> (verdict only).</summary>
    public ConnectionSet Allowed(Endpoint source, Endpoint destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var egress = CutsOf(source, TrafficDirection.Egress);
        var ingress = CutsOf(destination, TrafficDirection.Ingress);
        if (IndependentOfPorts(egress, ingress))
        {
            return Evaluator.IsAllowed(source, destination, Protocol.TCP, PortRange.MinPort) ? ConnectionSet.All : ConnectionSet.None;
        }

        var sets = new PortSet[Protocols.Transport.Length];
        for (var i = 0; i < sets.Length; i++)
        {
            var protocol = Protocols.Transport[i];
            var allowed = new List<PortRange>();
            foreach (var interval in PortIntervals.For(i, egress, ingress, destination, ClusterPorts))
            {
                if (Evaluator.IsAllowed(source, destination, protocol, interval.Start))
                {
                    allowed.Add(interval);
                }
            }

            sets[i] = PortSet.Of(allowed);
        }

        return new ConnectionSet(sets[0], sets[1], sets[2]);
    }

    /// <summary>
    /// The connection space split into groups with identical verdict and attribution, in order of first appearance
    /// (TCP ports ascending, then UDP, then SCTP).
    /// </summary>
    public IReadOnlyList<ExplainGroup> Explain(Endpoint source, Endpoint destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var egress = CutsOf(source, TrafficDirection.Egress);
        var ingress = CutsOf(destination, TrafficDirection.Ingress);
        if (IndependentOfPorts(egress, ingress))
        {
            return [new ExplainGroup(ConnectionSet.All, Evaluator.Evaluate(source, destination, Protocol.TCP, PortRange.MinPort))];
        }

        var groups = new List<(ConnectionVerdict Verdict, List<PortRange>[] Ranges)>();
        for (var i = 0; i < Protocols.Transport.Length; i++)
        {
            var protocol = Protocols.Transport[i];
            foreach (var interval in PortIntervals.For(i, egress, ingress, destination, ClusterPorts))
            {
                var verdict = Evaluator.Evaluate(source, destination, protocol, interval.Start);
                var index = groups.FindIndex(g => g.Verdict.SameAttribution(verdict));
                if (index < 0)
                {
                    groups.Add((verdict, [[], [], []]));
                    index = groups.Count - 1;
                }

                groups[index].Ranges[i].Add(interval);
            }
        }

        return [.. groups.Select(g => new ExplainGroup(
            new ConnectionSet(PortSet.Of(g.Ranges[0]), PortSet.Of(g.Ranges[1]), PortSet.Of(g.Ranges[2])), g.Verdict))];
    }

    // Without any port entry on either side the verdict and its attribution are the same for every protocol and
    // port, so one evaluation decides the whole space instead of one per protocol.
    private static bool IndependentOfPorts(PortCuts egress, PortCuts ingress) =>
        ReferenceEquals(egress, PortCuts.None) && ReferenceEquals(ingress, PortCuts.None);

    private PortCuts CutsOf(Endpoint endpoint, TrafficDirection direction) =>
        _cuts.GetOrAdd((endpoint, direction), key => PortCuts.Of(Evaluator
            .PoliciesSelecting(key.Item1, key.Item2)
            .SelectMany(p => p.Allows(key.Item2).Concat(p.Denies(key.Item2)))
            .SelectMany(r => r.Ports)));
}
