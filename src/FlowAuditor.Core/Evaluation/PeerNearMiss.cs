namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// A rule that allows the connection's protocol and port, but from/to other peers: the "wrong peer" near miss.
/// <see cref="Peers"/> describes whom the rule does select.
/// </summary>
public sealed record PeerNearMiss(int Rule, IReadOnlyList<string> Peers);
