using FlowAuditor.Core.Attribution;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// What one flow did to an audit: its class, its attribution (null when none applies, or for audit-mode forwards),
/// and whether it started a new connection attempt (false for the repeats folded into one). <see cref="Incomplete"/>:
/// a policy decision about an endpoint the flow did not identify, counted and not attributed.
/// </summary>
public readonly record struct FlowObservation(FlowClass Class, FlowAttribution? Attribution, bool NewAttempt, bool Incomplete = false);
