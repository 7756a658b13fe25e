using System.Text.Json.Nodes;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>A list response: the items, and the resource version a watch continues from.</summary>
internal sealed record ResourceList(string ResourceVersion, IReadOnlyList<JsonNode?> Items);
