using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;
using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;
using static FlowAuditor.Kubernetes.Tests.Support.PolicySourceHarness;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>The Kubernetes policy source through the real KubernetesClient against the in-process API server.</summary>
public sealed class KubernetesPolicySourceTests
{
    [Fact]
    public async Task InitialList_MakesTheSourceReady_WithOneCompleteSnapshot()
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.Namespace("prod", """{"team":"a"}"""));
        h.Server.Apply(KubeObjects.Pod("prod", "web", "web", Node));
        h.Server.Apply(KubeObjects.DenyAllIngress("prod"));

        Assert.False(h.Source.IsReady);
        Assert.Equal(0, h.Source.Current.Revision);
        await h.StartAsync();

        var snapshot = h.Source.Current;
        Assert.Equal(1, snapshot.Revision);
        Assert.Equal(snapshot.Revision, snapshot.Policies.Revision);
        Assert.Equal("deny-all", Assert.Single(snapshot.Policies.Policies).Ref.Name);
        Assert.Equal("a", snapshot.Cluster.Namespaces["prod"]["team"]);
        Assert.NotNull(snapshot.Cluster.FindPod("prod", "web"));
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Severity != Severity.Info);
        Assert.All(h.Source.Resources, r => Assert.Equal(ResourceSyncState.Synced, r.State));
    }

    [Fact]
    public async Task PolicyAddedThroughTheWatch_ChangesTheVerdictLive()
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.Pod("prod", "web", "web", Node, """[{"name":"http","containerPort":8080}]"""));
        h.Server.Apply(KubeObjects.Pod("prod", "client", "client", Node));
        h.Server.Apply(KubeObjects.DenyAllIngress("prod"));
        await h.StartAsync();
        var before = h.Source.Current;
        Assert.False(Allows(before, "prod", "client", "web", 8080));

        // A named port: it resolves only through the watched pod's container ports.
        h.Server.Apply(KubeObjects.AllowIngress("prod", "allow-client", "web", "client", "\"http\""));

        var after = await h.SnapshotWhere(s => s.Policies.Policies.Any(p => p.Ref.Name == "allow-client"), "the new policy is in a snapshot");
        Assert.True(after.Revision > before.Revision);
        Assert.Equal(after.Revision, after.Policies.Revision);
        Assert.True(Allows(after, "prod", "client", "web", 8080));
        Assert.False(Allows(after, "prod", "client", "web", 9090));

        h.Server.Delete("NetworkPolicy", "allow-client", "prod");
        var deleted = await h.SnapshotWhere(s => s.Policies.Policies.All(p => p.Ref.Name != "allow-client"), "the deleted policy is gone");
        Assert.True(deleted.Revision > after.Revision);
        Assert.False(Allows(deleted, "prod", "client", "web", 8080));
    }

    [Fact]
    public async Task TypedObjects_KeepTheirShape_ThroughTheClientModels()
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.Pod("prod", "web", "web", Node));
        h.Server.Apply(KubeObjects.Pod("prod", "client", "client", Node));
        h.Server.Apply(KubeObjects.AllowIngress("prod", "numeric", "web", "client", "80"));
        await h.StartAsync();

        // int-or-string ports go through V1NetworkPolicyPort and back to JSON; 80 must stay a number, not a port name.
        var snapshot = h.Source.Current;
        Assert.True(Allows(snapshot, "prod", "client", "web", 80));
        Assert.False(Allows(snapshot, "prod", "client", "web", 81));
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Severity != Severity.Info);
    }

    [Fact]
    public async Task CiliumPolicies_AreLoadedFromTheirCrds()
    {
        await using var h = await CreateAsync();
        h.Server.Apply("""
            {"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy","metadata":{"name":"web","namespace":"prod"},
             "spec":{"endpointSelector":{"matchLabels":{"app":"web"}},
                     "ingress":[{"fromEndpoints":[{"matchLabels":{"app":"client"}}],"toPorts":[{"ports":[{"port":"80","protocol":"TCP"}]}]}]}}
            """);
        await h.StartAsync();

        h.Server.Apply("""
            {"apiVersion":"cilium.io/v2","kind":"CiliumClusterwideNetworkPolicy","metadata":{"name":"host"},
             "spec":{"endpointSelector":{},"egress":[{"toEntities":["kube-apiserver"]}]}}
            """);

        var snapshot = await h.SnapshotWhere(s => s.Policies.Policies.Any(p => p.Ref.Kind == PolicyKind.CiliumClusterwideNetworkPolicy), "the CCNP is loaded");
        Assert.Contains(snapshot.Policies.Policies, p => p.Ref.Kind == PolicyKind.CiliumNetworkPolicy && p.Ref.Name == "web");
    }

    [Fact]
    public async Task PodsOnOtherNodes_AreNotWatched()
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.Pod("prod", "here", "web", Node));
        h.Server.Apply(KubeObjects.Pod("prod", "there", "web", "node-b"));
        await h.StartAsync();

        h.Server.Apply(KubeObjects.Pod("prod", "there-too", "web", "node-b"));
        h.Server.Apply(KubeObjects.Pod("prod", "here-too", "web", Node));

        var snapshot = await h.SnapshotWhere(s => s.Cluster.FindPod("prod", "here-too") is not null, "the new local pod is seen");
        Assert.Equal(["here", "here-too"], snapshot.Cluster.Pods.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, h.Status("pods").Objects);
    }

    [Fact]
    public async Task MalformedPolicy_IsADiagnosticNamingObjectAndField_AndTheRestStillLoads()
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.DenyAllIngress("prod"));
        await h.StartAsync();

        h.Server.Apply("""
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"bad","namespace":"prod"},
             "spec":{"podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/33"}}]}]}}
            """);

        var snapshot = await h.SnapshotWhere(s => s.Diagnostics.Any(d => d.Severity == Severity.Error), "the bad policy is reported");
        var error = Assert.Single(snapshot.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal("NetworkPolicy prod/bad", error.Object);
        Assert.Equal("spec.ingress[0].from[0].ipBlock.cidr", error.Field);
        Assert.Equal(KubernetesPolicySource.DiagnosticSource, error.File);
        Assert.Null(error.Line);
        Assert.Equal("deny-all", Assert.Single(snapshot.Policies.Policies).Ref.Name);
    }

    [Fact]
    public async Task WithoutANodeName_PodsAreNotWatched_AndThatIsNoted()
    {
        await using var h = await CreateAsync(o => o.NodeName = null);
        h.Server.Apply(KubeObjects.Pod("prod", "web", "web", Node));
        await h.StartAsync();

        Assert.Empty(h.Source.Current.Cluster.Pods);
        Assert.DoesNotContain(h.Source.Resources, r => r.Resource == "pods");
        Assert.Contains(h.Source.Current.Diagnostics, d => d.Severity == Severity.Info && d.Message.Contains("named ports", StringComparison.Ordinal));
        Assert.Equal(0, h.Server.ListCount("Pod"));
    }

    [Fact]
    public async Task WithAllPods_EveryNodesPodsAreWatched_ForRelayMode()
    {
        await using var h = await CreateAsync(o => (o.NodeName, o.AllPods) = (null, true));
        h.Server.Apply(KubeObjects.Pod("prod", "here", "web", Node));
        h.Server.Apply(KubeObjects.Pod("prod", "there", "web", "node-b"));
        await h.StartAsync();

        h.Server.Apply(KubeObjects.Pod("prod", "elsewhere", "web", "node-c"));

        var snapshot = await h.SnapshotWhere(s => s.Cluster.FindPod("prod", "elsewhere") is not null, "a pod on a third node is seen");
        Assert.Equal(["elsewhere", "here", "there"], snapshot.Cluster.Pods.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Message.Contains("named ports", StringComparison.Ordinal));
    }

    [Fact]
    public void AllPods_AndANodeName_AreRefusedTogether()
    {
        var options = new KubernetesWatchOptions { NodeName = Node, AllPods = true };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("AllPods", e.ParamName);
    }
}
