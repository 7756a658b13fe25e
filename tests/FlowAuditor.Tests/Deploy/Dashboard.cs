using System.Text.Json;

namespace FlowAuditor.Tests.Deploy;

/// <summary>The shipped Grafana dashboard: its panels, their queries, and its template variables.</summary>
internal sealed class Dashboard
{
    private Dashboard(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public IEnumerable<JsonElement> Panels => Root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    public IEnumerable<(string Panel, string Expr)> Queries =>
        Panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)));

    public IReadOnlyDictionary<string, JsonElement> Variables =>
        Root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.Clone(), StringComparer.Ordinal);

    public static Dashboard Load() => Parse(File.ReadAllText(DeployFiles.Dashboard));

    public static Dashboard Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new Dashboard(document.RootElement.Clone());
    }

    /// <summary>
    /// A panel query as Grafana sends it with every variable at "All" (its allValue <c>.*</c>), a rate interval that
    /// covers a few of the test's 1 s scrapes, and a one-minute range.
    /// </summary>
    public static string Resolve(string expr) => expr
        .Replace("$__rate_interval", "10s", StringComparison.Ordinal)
        .Replace("$__range", "1m", StringComparison.Ordinal)
        .Replace("$namespace", ".*", StringComparison.Ordinal)
        .Replace("$node", ".*", StringComparison.Ordinal);
}
