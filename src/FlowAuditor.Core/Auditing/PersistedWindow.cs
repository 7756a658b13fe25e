using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// An open connection window in storable form: an attempt's 5-tuple, where its window is anchored and its last event.
/// Kept across a restart so that the retransmits of an attempt open at shutdown stay part of it rather than counting
/// a second attempt. <see cref="Group"/> and <see cref="Direction"/> are set for <see cref="WindowKind.Connection"/>.
/// </summary>
public sealed record PersistedWindow(
    WindowKind Kind,
    string? Source,
    string? Destination,
    Protocol? Protocol,
    int SourcePort,
    int DestinationPort,
    FlowClass? Group,
    TrafficDirection? Direction,
    DateTimeOffset Anchor,
    DateTimeOffset Last);

/// <summary>Which of an audit session's windows a <see cref="PersistedWindow"/> belongs to.</summary>
public enum WindowKind
{
    /// <summary>Connection attempts with a policy decision (the summary's attempts).</summary>
    Attempt,

    /// <summary>Tuples with an AUDIT verdict (audit-mode forwards are recognised by it).</summary>
    Audited,

    /// <summary>Attempts per direction and kind of verdict (the aggregated rows' counts).</summary>
    Connection,
}
