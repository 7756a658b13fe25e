using System.Runtime.CompilerServices;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Auditing;

/// <summary>
/// The audit of a live cluster: policies from manifests or the Kubernetes API first, then the flows a Hubble server
/// or relay holds (by default its whole ring buffer, no follow) through the same pipeline as a capture file, so the
/// report is the one <c>audit --flows</c> gives for the same flows.
/// </summary>
internal static class LiveAudit
{
    /// <exception cref="KubernetesConnectionException">The kubeconfig is unusable or the API cannot be listed.</exception>
    /// <exception cref="HubbleUnavailableException">The Hubble server cannot be reached.</exception>
    public static async Task<AuditResult> RunAsync(LiveAuditRequest request, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Cluster policies are listed before Hubble is contacted (so its reconnect warnings do not mix with the API
        // server's when that fails); manifest files load while the stream is opened and read ahead (AuditPipeline).
        var manifests = request.Manifests.Count > 0
            ? Task.Run(() => ManifestLoader.Load(request.Manifests, request.Settings.Evaluation.Version), cancellationToken)
            : Task.FromResult(await ClusterPolicies.LoadAsync(KubernetesClients.Create(request.Kubeconfig, request.KubeContext), request.ClusterTimeout, loggerFactory, cancellationToken)
                .ConfigureAwait(false));
        var counts = new Counts();
        using var client = await CreateClientAsync(request, loggerFactory, manifests).ConfigureAwait(false);
        return await AuditPipeline.RunAsync(
            manifests,
            ReadAsync(client, counts, cancellationToken),
            request.Settings,
            () => new AuditInputCounts(counts.Records, counts.Flows, 0, counts.LostEvents, request.Client.Address),
            cancellationToken).ConfigureAwait(false);
    }

    // Bad client options (an address, a TLS file) are reported after the manifests' own errors, as when the
    // manifests loaded first, and never leave the load running unobserved.
    private static async Task<HubbleClient> CreateClientAsync(LiveAuditRequest request, ILoggerFactory loggerFactory, Task<ManifestLoadResult> manifests)
    {
        try
        {
            return new HubbleClient(request.Client, loggerFactory);
        }
        catch (ArgumentException)
        {
            await manifests.ConfigureAwait(false);
            throw;
        }
    }

    // The client's decoded events, counted as the capture reader counts its records.
    private static async IAsyncEnumerable<HubbleEvent> ReadAsync(HubbleClient client, Counts counts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in client.ReadRecordsAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case FlowRecordEvent:
                    counts.Records++;
                    counts.Flows++;
                    yield return item;
                    break;
                case LostEventsEvent:
                    counts.Records++;
                    counts.LostEvents++;
                    yield return item;
                    break;
            }
        }
    }

    private sealed class Counts
    {
        public long Records { get; set; }

        public long Flows { get; set; }

        public long LostEvents { get; set; }
    }
}
