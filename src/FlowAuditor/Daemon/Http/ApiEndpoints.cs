using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Daemon.Reports;
using FlowAuditor.Kubernetes.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace FlowAuditor.Daemon.Http;

/// <summary>The read-only HTTP surface on the <c>--listen</c> port: health, readiness, metrics, report, suggestions.</summary>
internal static class ApiEndpoints
{
    public static void Map(WebApplication app, DaemonMetrics metrics)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (AuditState state, PipelineProgress progress) =>
        {
            var body = $"policies: {(state.PoliciesReady ? "ready" : "not synced")}\nhubble: {(progress.StreamConnected ? "connected" : "not connected")}\n";
            return state.PoliciesReady && progress.StreamConnected
                ? Results.Text(body)
                : Results.Text(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        // Kestrel disallows synchronous writes to the response: the body is rendered in memory (once per build), copied asynchronously.
        app.MapGet("/api/v1/report", (SharedReport report) => Results.Bytes(report.Current().Json, "application/json"));
        app.MapGet("/api/v1/suggestions", (AuditState state, SharedReport report, string? format, string? @namespace) =>
        {
            if (format is not null and not "networkpolicy" and not "cilium")
            {
                return Results.Text($"format must be networkpolicy or cilium, not '{format}'\n", statusCode: StatusCodes.Status400BadRequest);
            }

            // The default format is the shared report's; Cilium's (rarely asked for) is built for the request.
            var suggestions = format == "cilium"
                ? state.BuildReport(new SuggestionOptions { Format = SuggestionFormat.Cilium }).Suggestions
                : report.Current().Model.Report.Suggestions;
            var policies = suggestions.Policies
                .Where(p => @namespace is null || string.Equals(p.Namespace, @namespace, StringComparison.Ordinal));
            return Results.Text(SuggestionYaml.RenderAll(policies), "application/yaml");
        });
        app.MapMetrics("/metrics", metrics.Registry);
    }
}
