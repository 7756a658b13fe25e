using FlowAuditor.Core.Analysis;

namespace FlowAuditor.Cli.Output;

/// <summary>
/// <c>connlist -o json</c>: the reference analyzer's JSON shape, an array of
/// <c>{"src": "...", "dst": "...", "conn": "TCP 8080,UDP 53"}</c> in listing order.
/// </summary>
internal static class ConnlistJson
{
    public static string Render(IEnumerable<ConnectivityPair> pairs) => JsonText.Build(
        json =>
        {
            json.WriteStartArray();
            foreach (var pair in pairs)
            {
                json.WriteStartObject();
                json.WriteString("src", pair.Source.Name);
                json.WriteString("dst", pair.Destination.Name);
                json.WriteString("conn", ConnlistFormat.Connections(pair.Connections));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        },
        indented: true);
}
