namespace FlowAuditor.Core.Flows;

/// <summary>The drop codes that are policy decisions (Hubble <c>drop_reason_desc</c>).</summary>
public static class DropReasons
{
    /// <summary>POLICY_DENIED: default deny, no allow rule matched.</summary>
    public const int PolicyDenied = 133;

    /// <summary>POLICY_DENY: an ingressDeny/egressDeny rule matched.</summary>
    public const int PolicyDeny = 181;

    /// <summary>AUTH_REQUIRED: allowed by a rule that requires mutual authentication, which was missing.</summary>
    public const int AuthRequired = 189;

    public static bool IsPolicy(int reason) => reason is PolicyDenied or PolicyDeny or AuthRequired;
}
