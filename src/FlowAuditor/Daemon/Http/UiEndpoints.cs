using System.Text.Json;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Ui;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlowAuditor.Daemon.Http;

/// <summary>
/// The read-only page at <c>/</c> (unless <c>--ui=false</c>) and the two small JSON feeds only it needs:
/// <c>/api/v1/health</c> (stream and policy source) and <c>/api/v1/denials-over-time</c> (per namespace and minute).
/// </summary>
internal static class UiEndpoints
{
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var page = UiPage.Render(embeddedData: null);
        // Options are read per request: resolving them while mapping would validate before start.
        app.MapGet("/", (DaemonOptions options) => options.Ui ? Results.Content(page, "text/html; charset=utf-8") : Results.NotFound());

        app.MapGet("/api/v1/health", (AuditState state, PipelineProgress progress, HubbleClient hubble) => Json(json =>
        {
            json.WriteStartObject("stream");
            json.WriteBoolean("connected", progress.StreamConnected);
            json.WriteNumber("flowsRead", progress.Read);
            json.WriteNumber("flowsAttributed", progress.AttributedCount);
            json.WriteNumber("reconnects", hubble.Counters.Reconnects);
            json.WriteNumber("lostEvents", hubble.Counters.LostEventsBySource.Values.Aggregate(0UL, (a, b) => a + b));
            json.WriteEndObject();
            json.WriteStartObject("policySource");
            json.WriteBoolean("ready", state.PoliciesReady);
            json.WriteNumber("revision", state.PolicyRevision);
            json.WriteEndObject();
        }));
        app.MapGet("/api/v1/denials-over-time", (AuditState state) =>
        {
            var series = state.Timeline.Snapshot();
            return Json(json =>
            {
                json.WriteString("start", series.Start);
                json.WriteNumber("bucketSeconds", 60);
                json.WriteStartArray("namespaces");
                foreach (var (ns, counts) in series.Namespaces)
                {
                    json.WriteStartObject();
                    json.WriteString("namespace", ns);
                    json.WriteStartArray("denied");
                    foreach (var count in counts)
                    {
                        json.WriteNumberValue(count);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            });
        });
    }

    private static IResult Json(Action<Utf8JsonWriter> body) => Results.Stream(async stream =>
    {
        // Kestrel disallows synchronous writes to the response: render into memory, then copy asynchronously.
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(stream).ConfigureAwait(false);
    }, "application/json");
}
