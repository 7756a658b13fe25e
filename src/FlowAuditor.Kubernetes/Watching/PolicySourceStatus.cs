namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Health of a policy source for metrics: inputs (files, objects) that failed to load since start, and when the source
/// last read its input successfully (null before the first time).
/// </summary>
public sealed record PolicySourceStatus(string Source, long RejectedInputs, DateTimeOffset? LastSync);
