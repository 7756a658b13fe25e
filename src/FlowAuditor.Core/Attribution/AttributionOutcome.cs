namespace FlowAuditor.Core.Attribution;

/// <summary>How FlowAuditor's evaluation relates to the verdict Hubble reported.</summary>
public enum AttributionOutcome
{
    /// <summary>Isolated, and no rule allows this peer and port: the isolating policies are named with their near misses.</summary>
    DefaultDeny,

    /// <summary>A deny rule matched; no allow can fix it.</summary>
    DenyRule,

    /// <summary>Allowed by policy, but the rule requires mutual authentication that was missing.</summary>
    AuthRequired,

    /// <summary>Hubble denied (or audited) but the loaded policies allow it, or deny it differently.</summary>
    Unexplained,

    /// <summary>Hubble forwarded a new connection (not in audit mode) that the loaded policies deny.</summary>
    NotEnforced,

    /// <summary>Hubble forwarded it and the loaded policies allow it.</summary>
    Consistent,

    /// <summary>
    /// An aggregated row that was denied, re-evaluated after a policy change: the current policies allow it and no
    /// denial was seen since (the fix landed). A denial Hubble still reports after the change makes it Unexplained.
    /// </summary>
    Resolved,
}
