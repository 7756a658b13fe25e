using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using static FlowAuditor.Kubernetes.Tests.Support.PolicySourceHarness;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary>Staged changes arrive from StagedPolicy resources (watched) and from <c>--staged-dir</c> (reloaded), never enforced.</summary>
public sealed class StagedSourcesTests
{
    private const string StagedPolicy = """
        {"apiVersion":"flowauditor.io/v1alpha1","kind":"StagedPolicy","metadata":{"name":"open-scrape","namespace":"prod"},
         "spec":{"action":"set","policy":{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"allow-scrape"},
           "spec":{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"ports":[{"port":9090}]}]}}}}
        """;

    [Fact]
    public async Task StagedPolicyResource_IsWatched_IntoTheSnapshotsStagedChanges_AndNotIntoTheEnforcedPolicies()
    {
        await using var h = await CreateAsync();
        h.Server.Apply(KubeObjects.DenyAllIngress("prod"));
        await h.StartAsync();
        Assert.Empty(h.Source.Current.Staged.Changes);

        h.Server.Apply(StagedPolicy);

        var snapshot = await h.SnapshotWhere(s => s.Staged.Changes.Count == 1, "the staged policy is in a snapshot");
        var change = snapshot.Staged.Changes[0];
        Assert.Equal((StagedAction.Set, new PolicyRef(PolicyKind.NetworkPolicy, "prod", "allow-scrape"), "StagedPolicy prod/open-scrape"), (change.Action, change.Target, change.Source));
        Assert.Equal("deny-all", Assert.Single(snapshot.Policies.Policies).Ref.Name);

        h.Server.Delete("StagedPolicy", "open-scrape", "prod");
        await h.SnapshotWhere(s => s.Staged.Changes.Count == 0, "the deleted staged policy is gone");
    }

    [Fact]
    public async Task MissingStagedPolicyCrd_IsReported_NotFatal()
    {
        await using var h = await CreateAsync();
        h.Server.SetCrdInstalled("StagedPolicy", installed: false);
        h.Server.Apply(KubeObjects.DenyAllIngress("prod"));
        await h.StartAsync();

        Assert.Equal(["stagedpolicies.flowauditor.io"], h.Source.MissingCrds);
        Assert.Contains(h.Source.Current.Diagnostics, d => d.Severity == Severity.Warning && d.Object == "CustomResourceDefinition stagedpolicies.flowauditor.io");
        Assert.Single(h.Source.Current.Policies.Policies);
    }

    [Fact]
    public async Task StagedDirectory_ReloadsOnChange_AndReportsBadFiles()
    {
        using var dir = new TempDirectory();
        dir.Write("delete.yaml", """
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: prod, annotations: {flowauditor.io/staged-action: delete}}
            """);
        var source = new StagedDirectorySource(dir.Path, new DirectoryPolicySourceOptions { PollInterval = TimeSpan.FromMilliseconds(50), WatchFileSystem = false }, NullLoggerFactory.Instance, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = source.RunAsync(stop.Token);

        await Eventually.Until(() => source.Current.Changes.Count == 1, "the staged directory is loaded");
        Assert.Equal(StagedAction.Delete, source.Current.Changes[0].Action);

        dir.Write("broken.yaml", "kind: NetworkPolicy\nmetadata: {name: x\n");
        await Eventually.Until(() => source.Current.HasErrors, "the broken file is reported");
        Assert.Single(source.Current.Changes);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
