using System.Text.Json.Nodes;
using FlowAuditor.Kubernetes.Watching;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>The informer's small parts: backoff, object normalisation, the object store, option validation.</summary>
public sealed class WatchPartsTests
{
    [Fact]
    public void Backoff_GrowsToTheCap_WithJitter_AndResets()
    {
        var options = new KubernetesWatchOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5), BackoffJitter = 0.2 };
        var backoff = new RetryBackoff(options, () => 1.0);

        Assert.Equal([1.2, 2.4, 4.8, 6.0, 6.0], Enumerable.Range(0, 5).Select(_ => Math.Round(backoff.Next().TotalSeconds, 3)));
        backoff.Reset();
        Assert.Equal(1.2, Math.Round(backoff.Next().TotalSeconds, 3));
        Assert.Equal(0.8, Math.Round(new RetryBackoff(options, () => 0.0).Next().TotalSeconds, 3));
    }

    [Fact]
    public void ListItem_GetsKindAndLosesBookkeeping()
    {
        var item = JsonNode.Parse("""
            {"metadata":{"name":"web","namespace":"prod","resourceVersion":"42","managedFields":[{}]},
             "spec":{"nodeName":"n"},"status":{"phase":"Running","podIP":"10.0.0.1","conditions":[]}}
            """);

        var o = WatchedObject.From(item, WatchedResources.PodsOnNode("n"));

        Assert.Equal(("prod/web", "42"), (o.Key, o.ResourceVersion));
        Assert.Equal(
            """{"metadata":{"name":"web","namespace":"prod"},"spec":{"nodeName":"n"},"kind":"Pod","apiVersion":"v1","status":{"podIP":"10.0.0.1"}}""",
            o.Json);
    }

    [Fact]
    public void ObjectWithoutName_IsRejected() =>
        Assert.Throws<FormatException>(() => WatchedObject.From(JsonNode.Parse("""{"metadata":{}}"""), WatchedResources.Namespaces));

    [Fact]
    public void Store_ReportsOnlyRealChanges()
    {
        var store = new ObjectStore();
        var a = new WatchedObject("a", "1", "{}");

        Assert.True(store.Replace([a]));
        Assert.False(store.Replace([a with { ResourceVersion = "2" }]));
        Assert.False(store.Upsert(a with { ResourceVersion = "3" }));
        Assert.True(store.Upsert(a with { Json = "{\"x\":1}" }));
        Assert.True(store.Replace([]));
        Assert.False(store.Remove("a"));
    }

    [Theory]
    [InlineData(nameof(KubernetesWatchOptions.InitialBackoff))]
    [InlineData(nameof(KubernetesWatchOptions.BackoffJitter))]
    [InlineData(nameof(KubernetesWatchOptions.WatchTimeout))]
    [InlineData(nameof(KubernetesWatchOptions.NodeName))]
    public void InvalidOption_IsRejectedByName(string name)
    {
        var options = new KubernetesWatchOptions();
        switch (name)
        {
            case nameof(KubernetesWatchOptions.InitialBackoff): options.InitialBackoff = TimeSpan.Zero; break;
            case nameof(KubernetesWatchOptions.BackoffJitter): options.BackoffJitter = 1; break;
            case nameof(KubernetesWatchOptions.WatchTimeout): options.WatchTimeout = TimeSpan.FromMilliseconds(10); break;
            default: options.NodeName = string.Empty; break;
        }

        Assert.Equal(name, Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }
}
