using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Kubernetes.Rendering;
using FlowAuditor.Reporting;
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
        app.MapGet("/api/v1/report", (AuditState state, RolloutReadinessView rollout, ReportCache cache) =>
        {
            var restoring = state.Restoring;
            var body = cache.Get(state.PolicyRevision, restoring, () =>
            {
                var report = state.BuildReport(new SuggestionOptions());
                var readiness = rollout.Compute(report);
                var ready = readiness.Where(v => v.Ready).Select(v => v.Namespace).ToHashSet(StringComparer.Ordinal);
                var model = new ReportModel(report)
                {
                    Restoring = restoring,
                    // enforceReady follows the one rollout-readiness definition, like the metric and /api/v1/readiness.
                    Namespaces = [.. state.Readiness.Snapshot().Select(n => n with { EnforceReady = ready.Contains(n.Namespace) })],
                    Readiness = readiness,
                };
                using var buffer = new MemoryStream();
                AuditJsonReport.Write(buffer, model);
                return buffer.ToArray();
            });

            // Kestrel disallows synchronous writes to the response: the body is rendered in memory, copied asynchronously.
            return Results.Bytes(body, "application/json");
        });
        app.MapGet("/api/v1/suggestions", (AuditState state, string? format, string? @namespace) =>
        {
            if (format is not null and not "networkpolicy" and not "cilium")
            {
                return Results.Text($"format must be networkpolicy or cilium, not '{format}'\n", statusCode: StatusCodes.Status400BadRequest);
            }

            var options = new SuggestionOptions { Format = format == "cilium" ? SuggestionFormat.Cilium : SuggestionFormat.NetworkPolicy };
            var policies = state.BuildReport(options).Suggestions.Policies
                .Where(p => @namespace is null || string.Equals(p.Namespace, @namespace, StringComparison.Ordinal));
            return Results.Text(SuggestionYaml.RenderAll(policies), "application/yaml");
        });
        app.MapMetrics("/metrics", metrics.Registry);
    }
}
