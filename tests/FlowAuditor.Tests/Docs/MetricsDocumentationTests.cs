using FlowAuditor.Tests.Daemon;

namespace FlowAuditor.Tests.Docs;

/// <summary>
/// docs/metrics.md against the real <c>/metrics</c> of a daemon that attributed the example capture with policies from
/// the (fake) Kubernetes API: every served family is documented with its type and labels, and every documented
/// FlowAuditor and process metric is served.
/// </summary>
public sealed class MetricsDocumentationTests
{
    // Runtime meter instruments report only once there is something to report (exceptions, a GC): documented, not required.
    private const string OptionalPrefix = "system_runtime_";

    [Fact]
    public async Task Every_metric_the_daemon_serves_is_documented_with_its_type_and_labels_and_every_documented_one_is_served()
    {
        var documented = DocumentedMetric.ReadAll(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "docs", "metrics.md")))
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        Assert.True(documented.Count > 40, $"docs/metrics.md lists only {documented.Count} metrics");

        await using var world = await ExampleEnvironment.StartAsync();
        await using var daemon = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:Follow", "false")));
        await daemon.DrainedAsync();

        // The runtime meter adapter connects on the first collection and reports from the second on.
        await daemon.ScrapeAsync();
        var scrape = await daemon.ScrapeAsync();

        var undocumented = scrape.Types.Keys.Where(name => !documented.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(undocumented.Count == 0, $"served but not in docs/metrics.md: {string.Join(", ", undocumented)}");

        var missing = documented.Keys.Where(name => !name.StartsWith(OptionalPrefix, StringComparison.Ordinal) && !scrape.Types.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, $"in docs/metrics.md but not served: {string.Join(", ", missing)}");
        Assert.Contains(scrape.Types.Keys, name => name.StartsWith(OptionalPrefix, StringComparison.Ordinal));

        foreach (var (name, type) in scrape.Types)
        {
            Assert.True(documented[name].Type == type, $"{name} is a {type}, docs/metrics.md says {documented[name].Type}");
        }

        foreach (var sample in scrape.Samples)
        {
            var labels = sample.Labels.Keys.ToHashSet(StringComparer.Ordinal);
            var doc = documented[sample.Name];
            Assert.True(labels.SetEquals(doc.Labels), $"{sample} has labels {{{string.Join(",", labels.Order())}}}, docs/metrics.md says {{{string.Join(",", doc.Labels.Order())}}}");
        }

        // The per-policy and the policy-free denial series both have samples here, so their label sets were checked above.
        Assert.NotEmpty(scrape.Where("flowauditor_policy_denials_total"));
        Assert.NotEmpty(scrape.Where("flowauditor_denied_connections_total"));
        Assert.NotEmpty(scrape.Where("flowauditor_kubernetes_watch_errors_total"));
    }
}
