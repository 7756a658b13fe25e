using System.Text.Json;
using FlowAuditor.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlowAuditor.Daemon.Http;

/// <summary><c>/api/v1/readiness</c>: per namespace, ready to enforce or not with its reasons (<see cref="RolloutReadinessView"/>, from the shared report).</summary>
internal static class ReadinessEndpoints
{
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/readiness", (Reports.SharedReport report) =>
        {
            var verdicts = report.Current().Model.Readiness ?? [];
            return Results.Stream(async stream =>
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    json.WriteStartObject();
                    ReadinessJson.Write(json, verdicts);
                    json.WriteEndObject();
                }

                buffer.Position = 0;
                await buffer.CopyToAsync(stream).ConfigureAwait(false);
            }, "application/json");
        });
    }
}
