using System.Text;
using System.Text.Json;

namespace FlowAuditor.Cli.Output;

/// <summary>Builds a JSON document with <see cref="Utf8JsonWriter"/> (explicit field order) and returns it as text.</summary>
internal static class JsonText
{
    public static string Build(Action<Utf8JsonWriter> write, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
