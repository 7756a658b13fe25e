namespace FlowAuditor.Core.Endpoints;

/// <summary>A Kubernetes service a flow was addressed to (Hubble <c>destination_service</c>).</summary>
public sealed record ServiceRef(string Namespace, string Name);
