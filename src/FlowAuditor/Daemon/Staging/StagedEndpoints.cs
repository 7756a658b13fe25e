using System.Text.Json;
using FlowAuditor.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlowAuditor.Daemon.Staging;

/// <summary>
/// <c>/api/v1/staged</c>: what each staged change, and all together, would deny and admit on the traffic observed
/// so far; the same <c>"staged"</c>/<c>"stagedCombined"</c> shape as <c>audit -o json</c>, plus the input's problems
/// and whether forwarded flows are seen at all.
/// </summary>
internal static class StagedEndpoints
{
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/staged", (StagedState state) =>
        {
            var impact = state.Measure();
            var diagnostics = state.Diagnostics;
            return Results.Stream(async stream =>
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    json.WriteBoolean("forwardedFlowsSeen", state.ForwardedFlowsSeen);
                    if (state.ForwardedFlowsSeen)
                    {
                        json.WriteNull("warning");
                    }
                    else
                    {
                        json.WriteString("warning", StagedState.ForwardedFlowsMissing);
                    }

                    StagedJson.Write(json, impact);
                    json.WriteStartArray("diagnostics");
                    foreach (var diagnostic in diagnostics)
                    {
                        json.WriteStringValue(diagnostic.ToString());
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                buffer.Position = 0;
                await buffer.CopyToAsync(stream).ConfigureAwait(false);
            }, "application/json");
        });
    }
}
