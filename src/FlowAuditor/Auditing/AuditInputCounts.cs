using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Auditing;

/// <summary>
/// What the flow input held: capture lines (or, from a server, GetFlows responses), flows, malformed lines and
/// lost-event records. <see cref="Server"/> names the Hubble server the flows were read from, null for files.
/// </summary>
internal sealed record AuditInputCounts(long Records, long Flows, long Malformed, long LostEventRecords, string? Server = null)
{
    public static AuditInputCounts Of(CaptureReadStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new AuditInputCounts(stats.Lines, stats.Flows, stats.Malformed, stats.LostEvents);
    }
}
