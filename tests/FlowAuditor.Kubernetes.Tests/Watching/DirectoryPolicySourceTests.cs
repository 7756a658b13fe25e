using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowAuditor.Kubernetes.Tests.Watching;

/// <summary><c>--policies-dir</c>: load, reload on content change (driven through the poll path), bad files as diagnostics.</summary>
public sealed class DirectoryPolicySourceTests
{
    private const string DenyAll = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: prod}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        """;

    private const string Pods = """
        kind: Pod
        metadata: {name: web, namespace: prod, labels: {app: web}}
        ---
        kind: Pod
        metadata: {name: client, namespace: prod, labels: {app: client}}
        """;

    private const string AllowClient = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-client, namespace: prod}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: 80}]}]
        """;

    [Fact]
    public void ChangedFile_GivesANewSnapshot_WithTheNewVerdict()
    {
        using var dir = new TempDirectory();
        dir.Write("pods.yaml", Pods);
        dir.Write("policies/deny.yaml", DenyAll);
        var source = Create(dir);

        Assert.True(source.ReloadIfChanged());
        var first = source.Current;
        Assert.True(source.IsReady);
        Assert.Equal(1, first.Revision);
        Assert.False(PolicySourceHarness.Allows(first, "prod", "client", "web", 80));
        Assert.False(source.ReloadIfChanged());

        dir.Write("policies/allow.yaml", AllowClient);

        Assert.True(source.ReloadIfChanged());
        var second = source.Current;
        Assert.Equal(2, second.Revision);
        Assert.Equal(2, second.Policies.Revision);
        Assert.True(PolicySourceHarness.Allows(second, "prod", "client", "web", 80));
    }

    [Fact]
    public void BadFile_IsADiagnostic_AndEveryValidObjectStillLoads()
    {
        using var dir = new TempDirectory();
        dir.Write("deny.yaml", DenyAll);
        dir.Write("broken.yaml", "kind: NetworkPolicy\nmetadata: {name: x\n");
        dir.Write("bad-cidr.yaml", AllowClient + "\n---\n" + DenyAll.Replace("deny-all", "deny-2", StringComparison.Ordinal).Replace("podSelector: {}", "podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 300.0.0.0/8}}]}]", StringComparison.Ordinal));
        var source = Create(dir);

        source.ReloadIfChanged();

        var snapshot = source.Current;
        Assert.Equal(["allow-client", "deny-all"], snapshot.Policies.Policies.Select(p => p.Ref.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(snapshot.Diagnostics, d => d.Severity == Severity.Error && d.File!.EndsWith("broken.yaml", StringComparison.Ordinal));
        Assert.Contains(snapshot.Diagnostics, d => d.Severity == Severity.Error && d.Object == "NetworkPolicy prod/deny-2");
    }

    [Fact]
    public void ConfigMapLayout_LoadsEachFileOnce()
    {
        using var dir = new TempDirectory();
        dir.Write("..2024_01_01_00_00_00.1/deny.yaml", DenyAll);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "..data"), "..2024_01_01_00_00_00.1");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "deny.yaml"), "..data/deny.yaml");
        var source = Create(dir);

        source.ReloadIfChanged();

        Assert.Single(source.Current.Policies.Policies);
        Assert.DoesNotContain(source.Current.Diagnostics, d => d.Severity != Severity.Info);
    }

    [Fact]
    public void MissingDirectory_IsAnErrorDiagnostic_NotACrash()
    {
        using var dir = new TempDirectory();
        var source = new DirectoryPolicySource(Path.Combine(dir.Path, "absent"), new DirectoryPolicySourceOptions(), NullLoggerFactory.Instance, TimeProvider.System);

        source.ReloadIfChanged();

        Assert.Contains(source.Current.Diagnostics, d => d.Severity == Severity.Error && d.Message.Contains("no such file", StringComparison.Ordinal));
        Assert.Empty(source.Current.Policies.Policies);
    }

    [Fact]
    public async Task Running_ReloadsOnChange_ThroughThePoll()
    {
        using var dir = new TempDirectory();
        dir.Write("deny.yaml", DenyAll);
        var source = new DirectoryPolicySource(
            dir.Path,
            new DirectoryPolicySourceOptions { WatchFileSystem = false, PollInterval = TimeSpan.FromMilliseconds(20), RebuildDelay = TimeSpan.Zero },
            NullLoggerFactory.Instance,
            TimeProvider.System);
        var revisions = new List<long>();
        source.SnapshotChanged += s =>
        {
            lock (revisions)
            {
                revisions.Add(s.Revision);
            }
        };
        using var stop = new CancellationTokenSource();
        var run = source.RunAsync(stop.Token);
        await Eventually.Until(() => source.IsReady, "the first load");

        dir.Write("allow.yaml", AllowClient);
        await Eventually.Until(() => source.Current.Policies.Policies.Any(p => p.Ref.Name == "allow-client"), "the poll reloads");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        lock (revisions)
        {
            Assert.Equal([1, 2], revisions);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-client, namespace: pr")]
    public void TruncatedFile_KeepsItsLastGoodContent_ReportedStale_UntilItLoadsAgain(string truncated)
    {
        using var dir = new TempDirectory();
        dir.Write("pods.yaml", Pods);
        dir.Write("deny.yaml", DenyAll);
        dir.Write("allow.yaml", AllowClient);
        var source = Create(dir);
        source.ReloadIfChanged();
        Assert.True(PolicySourceHarness.Allows(source.Current, "prod", "client", "web", 80));
        Assert.Equal(0, source.Status.RejectedInputs);

        dir.Write("allow.yaml", truncated);
        Assert.True(source.ReloadIfChanged());

        var stale = source.Current;
        Assert.True(PolicySourceHarness.Allows(stale, "prod", "client", "web", 80));
        Assert.Equal(["allow-client", "deny-all"], stale.Policies.Policies.Select(p => p.Ref.Name).Order(StringComparer.Ordinal));
        Assert.Contains(stale.Diagnostics, d => d.Severity == Severity.Warning && d.File!.EndsWith("allow.yaml", StringComparison.Ordinal) && d.Message.StartsWith("stale", StringComparison.Ordinal));
        Assert.Contains(stale.Diagnostics, d => d.Severity == Severity.Error && d.File!.EndsWith("allow.yaml", StringComparison.Ordinal));
        Assert.Equal(1, source.Status.RejectedInputs);

        // The same broken content seen again by a later reload is not a second rejection.
        dir.Write("deny.yaml", DenyAll + "\n");
        Assert.True(source.ReloadIfChanged());
        Assert.Equal(1, source.Status.RejectedInputs);

        dir.Write("allow.yaml", AllowClient.Replace("port: 80", "port: 8080", StringComparison.Ordinal));
        Assert.True(source.ReloadIfChanged());
        Assert.False(PolicySourceHarness.Allows(source.Current, "prod", "client", "web", 80));
        Assert.True(PolicySourceHarness.Allows(source.Current, "prod", "client", "web", 8080));
        Assert.DoesNotContain(source.Current.Diagnostics, d => d.Severity != Severity.Info);
    }

    [Fact]
    public void FileCutBeforeTheKindOfItsLastDocument_KeepsItsLastGoodContent()
    {
        // Cut mid-write: the first document is whole, the second stops after its apiVersion (a valid YAML file).
        using var dir = new TempDirectory();
        dir.Write("pods.yaml", Pods);
        dir.Write("policies.yaml", DenyAll + "\n---\n" + AllowClient);
        var source = Create(dir);
        source.ReloadIfChanged();
        Assert.True(PolicySourceHarness.Allows(source.Current, "prod", "client", "web", 80));

        dir.Write("policies.yaml", DenyAll + "\n---\napiVersion: networking.k8s.io/v1\n");
        Assert.True(source.ReloadIfChanged());

        Assert.True(PolicySourceHarness.Allows(source.Current, "prod", "client", "web", 80));
        Assert.Equal(["allow-client", "deny-all"], source.Current.Policies.Policies.Select(p => p.Ref.Name).Order(StringComparer.Ordinal));
        Assert.Contains(source.Current.Diagnostics, d => d.File!.EndsWith("policies.yaml", StringComparison.Ordinal) && d.Message.StartsWith("stale", StringComparison.Ordinal));
        Assert.Equal(1, source.Status.RejectedInputs);
    }

    [Fact]
    public void NewFileWithADocumentThatIsNoObject_LoadsTheRest_WithAWarning()
    {
        using var dir = new TempDirectory();
        dir.Write("pods.yaml", Pods);
        dir.Write("policies.yaml", DenyAll + "\n---\napiVersion: networking.k8s.io/v1\n");
        var source = Create(dir);
        source.ReloadIfChanged();

        Assert.Equal(["deny-all"], source.Current.Policies.Policies.Select(p => p.Ref.Name));
        Assert.Contains(source.Current.Diagnostics, d => d.Severity == Severity.Warning && d.IncompleteDocument);
    }

    [Fact]
    public void FileThatLoadedWithADocumentThatIsNoObject_IsNotStaleOnLaterReloads_AndItsEditsAreTaken()
    {
        using var dir = new TempDirectory();
        dir.Write("pods.yaml", Pods);
        dir.Write("policies.yaml", DenyAll + "\n---\napiVersion: networking.k8s.io/v1\n");
        var source = Create(dir);
        source.ReloadIfChanged();

        // Another file changes: this one is read again, as it was.
        dir.Write("pods.yaml", Pods + "\n---\nkind: Pod\nmetadata: {name: other, namespace: prod, labels: {app: other}}\n");
        Assert.True(source.ReloadIfChanged());
        Assert.DoesNotContain(source.Current.Diagnostics, d => d.Message.StartsWith("stale", StringComparison.Ordinal));
        Assert.Equal(0, source.Status.RejectedInputs);

        // It is edited, the document that is no object still in it: the edit is in force.
        dir.Write("policies.yaml", DenyAll + "\n---\n" + AllowClient + "\n---\napiVersion: networking.k8s.io/v1\n");
        Assert.True(source.ReloadIfChanged());
        Assert.Equal(["allow-client", "deny-all"], source.Current.Policies.Policies.Select(p => p.Ref.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(source.Current.Diagnostics, d => d.Message.StartsWith("stale", StringComparison.Ordinal));
    }

    [Fact]
    public void DeletedFile_RemovesItsPolicies()
    {
        using var dir = new TempDirectory();
        dir.Write("deny.yaml", DenyAll);
        dir.Write("allow.yaml", AllowClient);
        var source = Create(dir);
        source.ReloadIfChanged();

        File.Delete(Path.Combine(dir.Path, "allow.yaml"));
        Assert.True(source.ReloadIfChanged());

        Assert.Equal(["deny-all"], source.Current.Policies.Policies.Select(p => p.Ref.Name));
    }

    [Fact]
    public void FileThatNeverLoaded_LoadsItsValidObjects_AndIsCountedRejected()
    {
        using var dir = new TempDirectory();
        dir.Write("both.yaml", DenyAll + "\n---\n" + AllowClient.Replace("port: 80", "port: 99999", StringComparison.Ordinal));
        var source = Create(dir);

        source.ReloadIfChanged();

        Assert.Equal(["deny-all"], source.Current.Policies.Policies.Select(p => p.Ref.Name));
        Assert.Equal(1, source.Status.RejectedInputs);
        Assert.DoesNotContain(source.Current.Diagnostics, d => d.Message.StartsWith("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditorsAtomicRename_IsReloaded_AndItsTemporaryFileIsIgnored()
    {
        using var dir = new TempDirectory();
        dir.Write("deny.yaml", DenyAll);
        var source = new DirectoryPolicySource(
            dir.Path,
            new DirectoryPolicySourceOptions { PollInterval = TimeSpan.FromMinutes(10), RebuildDelay = TimeSpan.FromMilliseconds(20) },
            NullLoggerFactory.Instance,
            TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = source.RunAsync(stop.Token);
        await Eventually.Until(() => source.IsReady, "the first load");

        // What vim and most editors do: write a hidden temporary file, then rename it over the original.
        dir.Write(".deny.yaml.tmp", DenyAll + "\n---\n" + AllowClient);
        File.Move(Path.Combine(dir.Path, ".deny.yaml.tmp"), Path.Combine(dir.Path, "deny.yaml"), overwrite: true);

        await Eventually.Until(() => source.Current.Policies.Policies.Any(p => p.Ref.Name == "allow-client"), "the renamed file is loaded (file-system events, not the 10 min poll)");
        Assert.Equal(0, source.Status.RejectedInputs);
        Assert.NotNull(source.Status.LastSync);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private static DirectoryPolicySource Create(TempDirectory dir) =>
        new(dir.Path, new DirectoryPolicySourceOptions { WatchFileSystem = false }, NullLoggerFactory.Instance, TimeProvider.System);
}
