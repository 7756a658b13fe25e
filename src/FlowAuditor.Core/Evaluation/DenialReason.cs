namespace FlowAuditor.Core.Evaluation;

/// <summary>Why an isolating policy did not allow a connection, or that a deny rule matched it.</summary>
public enum DenialReason
{
    /// <summary>No rule of the policy selects the peer (default deny).</summary>
    NoRuleSelectsPeer,

    /// <summary>A rule selects the peer, but its protocols and ports do not include the connection's.</summary>
    PortsMismatch,

    /// <summary>A rule selects the peer, but its named ports have no match on the destination pod.</summary>
    NamedPortUnresolved,

    /// <summary>An <c>ingressDeny</c>/<c>egressDeny</c> rule matched: deny wins over any allow.</summary>
    DenyRule,
}
