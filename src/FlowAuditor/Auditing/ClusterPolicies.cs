using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Watching;
using k8s;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Auditing;

/// <summary>
/// The cluster's policies once, for a one-shot audit: the daemon's Kubernetes policy source (NetworkPolicies,
/// CNPs, CCNPs, Namespaces and every node's Pods, listed through KubernetesClient) run until its first complete
/// snapshot, then stopped.
/// </summary>
internal static class ClusterPolicies
{
    /// <exception cref="KubernetesConnectionException">The API could not be listed within <paramref name="timeout"/>.</exception>
    public static async Task<ManifestLoadResult> LoadAsync(IKubernetes client, TimeSpan timeout, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var source = new KubernetesPolicySource(client, new KubernetesWatchOptions { AllPods = true }, loggerFactory, TimeProvider.System);
        var first = new TaskCompletionSource<PolicySnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SnapshotChanged += snapshot => first.TrySetResult(snapshot);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = source.RunAsync(stop.Token);
        var done = await Task.WhenAny(first.Task, run, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The source only ends by cancellation or a failure; either way the outcome is decided below.
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (done != first.Task)
        {
            var cause = run.Exception?.GetBaseException().Message;
            throw new KubernetesConnectionException(
                $"Kubernetes API: the policies could not be listed within {timeout.TotalSeconds:0} s{(cause is null ? " (unreachable, or access denied?)" : $": {cause}")}");
        }

        var snapshot = await first.Task.ConfigureAwait(false);
        return new ManifestLoadResult(snapshot.Cluster, snapshot.Policies, snapshot.Diagnostics);
    }
}
