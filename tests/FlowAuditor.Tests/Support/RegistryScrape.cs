using FlowAuditor.Daemon.Metrics;

namespace FlowAuditor.Tests.Support;

/// <summary>The daemon's metrics registry exported as a scrape would see it (without an HTTP server).</summary>
internal static class RegistryScrape
{
    public static async Task<PrometheusText> ScrapeAsync(DaemonMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var buffer = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(buffer);
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
