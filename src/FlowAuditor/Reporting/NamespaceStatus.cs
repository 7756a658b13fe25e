namespace FlowAuditor.Reporting;

/// <summary>A namespace's audit-to-enforce readiness (the daemon's report and gauges).</summary>
internal sealed record NamespaceStatus(string Namespace, DateTimeOffset? LastAudit, TimeSpan SinceLastAudit, bool EnforceReady);
