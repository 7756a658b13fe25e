using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;
using FlowAuditor.Testing;
using FlowAuditor.Tests.Support;
using k8s;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>
/// The Kubernetes API going away after the first sync: the last snapshot stays in force, the last-sync time stops at
/// when the failures began, and a failure lasting over a minute is logged once. A CRD installed later is looked for
/// again within a minute by default.
/// </summary>
public sealed class ApiOutageTests
{
    [Fact]
    public async Task An_outage_keeps_the_snapshot_freezes_the_last_sync_and_is_logged_once_after_a_minute()
    {
        var server = await FakeKubeApiServer.StartAsync();
        server.Apply("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"prod","resourceVersion":"1"}}""");
        var time = new ShiftableTime();
        using var logs = new LogCapture();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        var options = new KubernetesWatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50), RebuildDelay = TimeSpan.FromMilliseconds(10) };
        var source = new KubernetesPolicySource(client, options, loggerFactory, time, () => 0.5);
        using var stop = new CancellationTokenSource();
        var run = source.RunAsync(stop.Token);
        Task? outage = null;
        try
        {
            await Eventually.Until(() => source.IsReady, "the first sync");
            Assert.Equal(KubernetesPolicySource.SourceName, source.Status.Source);
            Assert.NotNull(source.Status.LastSync);
            var revision = source.Current.Revision;

            // Stopping the server refuses new requests at once; it finishes once the source has let go of its watches.
            outage = server.DisposeAsync().AsTask();
            await Eventually.Until(() => source.Status.LastSync < time.GetUtcNow() - TimeSpan.FromMilliseconds(100), "the last sync stops moving");
            var failingSince = source.Status.LastSync!.Value;
            Assert.Equal(0, logs.Count("has been failing for"));

            time.Advance(TimeSpan.FromSeconds(61));
            await Eventually.Until(() => logs.Count("has been failing for") >= 1, "a minute of failures is logged");

            // Once per failing resource, not once per retry, however many retries follow.
            var errors = source.Resources.Sum(r => r.Errors);
            await Eventually.Until(() => source.Resources.Sum(r => r.Errors) >= errors + 10, "the retries go on");
            var logged = logs.Entries.Where(e => e.Message.Contains("has been failing for", StringComparison.Ordinal)).Select(e => e.Message.Split(' ')[3]).ToList();
            Assert.Equal(logged.Distinct().Count(), logged.Count);

            // The snapshot and the frozen sync time stay.
            Assert.Equal(failingSince, source.Status.LastSync);
            Assert.Equal(revision, source.Current.Revision);
            Assert.True(source.IsReady);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            await (outage ?? server.DisposeAsync().AsTask());
        }
    }

    [Fact]
    public void A_missing_crd_is_looked_for_again_within_a_minute_by_default() =>
        Assert.True(new KubernetesWatchOptions().MissingCrdRetryInterval <= TimeSpan.FromMinutes(1));
}
