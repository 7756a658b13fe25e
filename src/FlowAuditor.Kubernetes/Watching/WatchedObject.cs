using System.Text.Json.Nodes;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// One object as the API server sent it, kept as JSON so the manifest loader translates it exactly as it would the
/// same object in a file. <see cref="Key"/> is <c>namespace/name</c> (<c>name</c> for cluster-scoped kinds).
/// </summary>
internal sealed record WatchedObject(string Key, string ResourceVersion, string Json)
{
    /// <summary>
    /// Normalises a received object: typed list items arrive without <c>kind</c>/<c>apiVersion</c> (the API server
    /// omits them inside lists). Bookkeeping the loader never reads is dropped (resource version, managed fields,
    /// status except a pod's IP) so that a write changing only those, such as a pod's readiness, is seen as no change
    /// and costs no rebuild.
    /// </summary>
    /// <exception cref="FormatException">The object has no <c>metadata.name</c>.</exception>
    public static WatchedObject From(JsonNode? node, WatchedResource resource)
    {
        if (node is not JsonObject json)
        {
            throw new FormatException($"{resource.Name}: watch object is not a JSON object");
        }

        json["kind"] ??= resource.Kind;
        json["apiVersion"] ??= resource.ApiVersion;
        var resourceVersion = ResourceVersionOf(json) ?? string.Empty;
        var metadata = json["metadata"] as JsonObject;
        var name = Text(metadata?["name"]) ?? throw new FormatException($"{resource.Name}: object without metadata.name");
        var ns = Text(metadata?["namespace"]);
        metadata?.Remove("managedFields");
        metadata?.Remove("resourceVersion");
        TrimStatus(json);
        return new WatchedObject(ns is null ? name : $"{ns}/{name}", resourceVersion, json.ToJsonString());
    }

    /// <summary><c>metadata.resourceVersion</c>, as carried by every object and by bookmarks.</summary>
    public static string? ResourceVersionOf(JsonNode? node) => Text(node?["metadata"]?["resourceVersion"]);

    private static void TrimStatus(JsonObject json)
    {
        if (json["status"] is not JsonObject status)
        {
            json.Remove("status");
            return;
        }

        var podIp = status["podIP"]?.DeepClone();
        json.Remove("status");
        if (podIp is not null)
        {
            json["status"] = new JsonObject { ["podIP"] = podIp };
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
