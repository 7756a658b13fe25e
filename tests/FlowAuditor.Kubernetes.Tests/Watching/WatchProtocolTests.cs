using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;
using static FlowAuditor.Kubernetes.Tests.Support.PolicySourceHarness;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>Resource versions, bookmarks, 410 Gone, server-side watch ends and missing CRDs, as the informers handle them.</summary>
public sealed class WatchProtocolTests
{
    [Fact]
    public async Task Bookmark_AdvancesTheVersionTheNextWatchStartsFrom()
    {
        await using var h = await CreateAsync();
        await h.StartAsync();
        await Eventually.Until(() => h.Server.OpenWatchCount("NetworkPolicy") == 1, "the policy watch is open");
        var firstWatch = Assert.Single(h.Server.WatchVersions("NetworkPolicy"));

        // Other resources move the global version on; only a bookmark tells the policy watch about it.
        h.Server.Apply(KubeObjects.Namespace("elsewhere"));
        var bookmarked = h.Server.Bookmark("NetworkPolicy");
        await Eventually.Until(() => h.Status("networkpolicies").Bookmarks == 1, "the bookmark is received");
        Assert.Equal(bookmarked.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Status("networkpolicies").ResourceVersion);

        h.Server.CloseWatches();
        await Eventually.Until(() => h.Server.WatchCount("NetworkPolicy") == 2, "the policy watch reconnects");

        Assert.NotEqual(firstWatch, h.Server.WatchVersions("NetworkPolicy")[1]);
        Assert.Equal(bookmarked.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Server.WatchVersions("NetworkPolicy")[1]);
        Assert.Equal(1, h.Server.ListCount("NetworkPolicy"));
    }

    [Fact]
    public async Task ServerEndingTheWatch_ReconnectsFromTheLastVersion_WithoutRelisting()
    {
        await using var h = await CreateAsync();
        await h.StartAsync();
        await Eventually.Until(() => h.Server.OpenWatchCount("NetworkPolicy") == 1, "the policy watch is open");

        var added = h.Server.Apply(KubeObjects.DenyAllIngress("prod"));
        await h.SnapshotWhere(s => s.Policies.Policies.Count == 1, "the policy arrives");
        h.Server.CloseWatches();
        await Eventually.Until(() => h.Server.WatchCount("NetworkPolicy") == 2 && h.Server.OpenWatchCount("NetworkPolicy") == 1, "the watch reconnects");

        // A change while reconnecting is replayed from the version the client asked for.
        h.Server.Apply(KubeObjects.DenyAllIngress("prod", "second"));
        await h.SnapshotWhere(s => s.Policies.Policies.Count == 2, "the change after reconnecting arrives");

        Assert.Equal(added.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Server.WatchVersions("NetworkPolicy")[1]);
        Assert.Equal(1, h.Server.ListCount("NetworkPolicy"));
        Assert.True(h.Status("networkpolicies").WatchRestarts >= 1);
        Assert.Equal(0, h.Status("networkpolicies").Relists);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExpiredVersion_Relists_AndDropsWhatWasDeletedMeanwhile(bool goneAsHttpStatus)
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.DenyAllIngress("prod", "kept"));
        h.Server.Apply(KubeObjects.DenyAllIngress("prod", "doomed"));
        await h.StartAsync();
        await Eventually.Until(() => h.Server.OpenWatchCount("NetworkPolicy") == 1, "the policy watch is open");
        Assert.Equal(2, h.Source.Current.Policies.Policies.Count);

        // Disconnected: the watch is gone, changes happen and the history that would replay them is compacted away.
        h.Server.PauseWatches();
        h.Server.Delete("NetworkPolicy", "doomed", "prod");
        h.Server.Apply(KubeObjects.DenyAllIngress("prod", "new"));
        h.Server.ExpireHistory(goneAsHttpStatus);
        h.Server.ResumeWatches();

        var snapshot = await h.SnapshotWhere(
            s => s.Policies.Policies.Select(p => p.Ref.Name).Order(StringComparer.Ordinal).SequenceEqual(["kept", "new"]),
            "the relist brings the current state");
        Assert.Equal(2, h.Server.ListCount("NetworkPolicy"));
        Assert.Equal(1, h.Status("networkpolicies").Relists);
        Assert.Equal(2, h.Status("networkpolicies").Objects);
        Assert.True(snapshot.Revision >= 2);
    }

    [Fact]
    public async Task RelistOfManyObjects_GivesOneSnapshot()
    {
        await using var h = await CreateAsync();
        for (var i = 0; i < 1000; i++)
        {
            h.Server.Apply(KubeObjects.DenyAllIngress($"ns{i % 50}", $"p{i}"));
        }

        await h.StartAsync();
        Assert.Equal(1, h.Source.Current.Revision);
        Assert.Equal(1000, h.Source.Current.Policies.Policies.Count);
        await Eventually.Until(() => h.Server.OpenWatchCount("NetworkPolicy") == 1, "the policy watch is open");

        h.Server.PauseWatches();
        h.Server.Delete("NetworkPolicy", "p0", "ns0");
        h.Server.ExpireHistory();
        h.Server.ResumeWatches();

        var snapshot = await h.SnapshotWhere(s => s.Policies.Policies.Count == 999, "the relist is applied");
        Assert.Equal(2, h.Server.ListCount("NetworkPolicy"));

        // The relist replaces the set at once: no snapshot ever holds part of it. (The other resources' watches see
        // the expired history too, and their relists may publish the unchanged set again, so the revision may be 3.)
        lock (h.Published)
        {
            Assert.All(h.Published, s => Assert.Contains(s.Policies.Policies.Count, new[] { 1000, 999 }));
        }

        Assert.InRange(snapshot.Revision, 2, 1 + h.Source.Resources.Count);
    }

    [Fact]
    public async Task MissingCrd_IsReportedNotFatal_AndTheSourceIsStillReady()
    {
        await using var h = await CreateAsync(o => o.MissingCrdRetryInterval = TimeSpan.FromMilliseconds(50));
        h.Server.SetCrdInstalled("CiliumNetworkPolicy", installed: false);
        h.Server.Apply(KubeObjects.DenyAllIngress("prod"));
        await h.StartAsync();

        var snapshot = h.Source.Current;
        Assert.Equal(ResourceSyncState.CrdMissing, h.Status("ciliumnetworkpolicies").State);
        Assert.Equal(["ciliumnetworkpolicies.cilium.io"], h.Source.MissingCrds);
        var warning = Assert.Single(snapshot.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Equal("CustomResourceDefinition ciliumnetworkpolicies.cilium.io", warning.Object);
        Assert.Single(snapshot.Policies.Policies);

        // Installed later: found on a later look, and its objects load.
        h.Server.Apply("""
            {"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy","metadata":{"name":"cnp","namespace":"prod"},
             "spec":{"endpointSelector":{},"ingress":[{"fromEntities":["cluster"]}]}}
            """);
        h.Server.SetCrdInstalled("CiliumNetworkPolicy", installed: true);
        var later = await h.SnapshotWhere(s => s.Policies.Policies.Any(p => p.Ref.Name == "cnp"), "the CRD's objects load once it is installed");
        Assert.DoesNotContain(later.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Empty(h.Source.MissingCrds);
        Assert.True(h.Source.IsReady);
    }

    [Fact]
    public async Task ApiServerDown_IsRetriedWithBackoff_AndNotReady()
    {
        using var stop = new CancellationTokenSource();
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var source = new KubernetesPolicySource(
            client,
            new KubernetesWatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20) },
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            TimeProvider.System);
        var run = source.RunAsync(stop.Token);

        await Eventually.Until(() => source.Resources.All(r => r.Errors >= 3), "every resource has retried");
        Assert.False(source.IsReady);
        Assert.False(run.IsCompleted);
        Assert.All(source.Resources, r => Assert.Equal(ResourceSyncState.Starting, r.State));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
