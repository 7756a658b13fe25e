namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// One watch call: from <see cref="ResourceVersion"/>, ended by the server after <see cref="TimeoutSeconds"/>.
/// <see cref="OnError"/> receives ERROR events (a <c>Status</c>, e.g. 410 Gone) and undecodable lines.
/// </summary>
internal sealed record WatchRequest(string ResourceVersion, int TimeoutSeconds, Action<Exception> OnError);
