namespace FlowAuditor.Core.Suggestions;

/// <summary>One peer with the ports observed towards it, merged into ranges.</summary>
public sealed record SuggestedRule(SuggestedPeer Peer, IReadOnlyList<SuggestedPort> Ports)
{
    /// <summary>Cilium format: the rule carries <c>rules: {dns: [{matchPattern: "*"}]}</c> so toFQDNs can learn names.</summary>
    public bool DnsProxy { get; init; }

    /// <summary>Why the rule is broader than what was observed, if it is (e.g. TCP 53 added beside UDP 53).</summary>
    public string? Widening { get; init; }

    /// <summary>What a reviewer must judge: the existing rules this one contradicts (lateral moves).</summary>
    public IReadOnlyList<string> Reviews { get; init; } = [];
}
