namespace FlowAuditor.Core.Staging;

public enum StagedEffect
{
    /// <summary>Allowed today, denied after the change.</summary>
    WouldDeny,

    /// <summary>Denied today (DROPPED, AUDIT, or denied by the enforced policies), allowed after the change.</summary>
    WouldAllow,
}
