using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Policies;

/// <summary>
/// One ingress or egress rule of a policy. An empty peer list matches every peer (a rule with only ports, or
/// NetworkPolicy <c>- ports: [...]</c> with no <c>from</c>); an empty port list matches every port.
/// </summary>
public sealed class PolicyRule
{
    public PolicyRule(TrafficDirection direction, int index, IReadOnlyList<Peer> peers, IReadOnlyList<PortMatch> ports)
    {
        Direction = direction;
        Index = index;
        Peers = peers;
        Ports = ports;
    }

    public TrafficDirection Direction { get; }

    /// <summary>1-based position within the policy's list for this direction (deny rules number separately).</summary>
    public int Index { get; }

    public IReadOnlyList<Peer> Peers { get; }

    public IReadOnlyList<PortMatch> Ports { get; }

    /// <summary>An <c>ingressDeny</c>/<c>egressDeny</c> rule: a match denies, whatever allows.</summary>
    public bool IsDeny { get; init; }

    /// <summary>L7 rules (http, dns, kafka) under the ports: allowed at L3/L4 and redirected to the proxy.</summary>
    public string? L7Protocol { get; init; }

    /// <summary>Peers whose matching this engine cannot decide (e.g. toServices by selector); named in reports.</summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];

    /// <summary>Where the rule is written; null for rules not loaded from manifests (suggestions).</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>The written form of each peer, aligned with <see cref="Peers"/>; empty when not loaded from manifests.</summary>
    public IReadOnlyList<PeerSource> PeerSources { get; init; } = [];

    public bool MatchesAllPeers => Peers.Count == 0;
}
