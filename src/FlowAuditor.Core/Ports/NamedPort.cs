namespace FlowAuditor.Core.Ports;

/// <summary>A container port with a name, as a pod declares it (<c>ports: [{name: http, containerPort: 8080}]</c>).</summary>
public sealed record NamedPort(string Name, Protocol Protocol, int Port);
