namespace FlowAuditor.Core.Flows;

/// <summary>Hubble's <c>flow.Verdict</c>, same numbers; unknown numbers pass through as their value.</summary>
public enum FlowVerdict
{
    Unknown = 0,
    Forwarded = 1,
    Dropped = 2,
    Error = 3,
    Audit = 4,
    Redirected = 5,
    Traced = 6,
    Translated = 7,
}
