namespace FlowAuditor.Core.Attribution;

/// <summary>What a flow is, for FlowAuditor's purposes.</summary>
public enum FlowClass
{
    /// <summary>DROPPED, POLICY_DENIED (133): default deny.</summary>
    PolicyDenied,

    /// <summary>DROPPED, POLICY_DENY (181): a deny rule.</summary>
    PolicyDeny,

    /// <summary>DROPPED, AUTH_REQUIRED (189): mutual authentication missing.</summary>
    AuthRequired,

    /// <summary>AUDIT: policy would have dropped it; audit mode let it through.</summary>
    Audit,

    /// <summary>DROPPED by the L7 proxy (HTTP 403 and the like): counted, not attributed here.</summary>
    L7Denied,

    /// <summary>DROPPED for a reason that is not policy (counted by reason).</summary>
    NonPolicyDrop,

    /// <summary>FORWARDED or REDIRECTED.</summary>
    Forwarded,

    Other,
}
