using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Attribution;

/// <summary>
/// The aggregator's row cache (entries found by endpoint identities, without building the key's strings) gives the
/// rows building the key per flow gives, over the example capture and every Hubble fixture looped with new client
/// ports, before and after a policy change (rows are re-attributed, never re-keyed).
/// </summary>
public sealed class AggregateRowCacheTests
{
    [Fact]
    public async Task Rows_counts_times_samples_addresses_and_nodes_match_the_uncached_aggregator()
    {
        var flows = await LoopedTraffic.LoadAsync(passes: 3);
        var loaded = ManifestLoader.Load([LoopedTraffic.ExampleManifests]);
        var cached = new DeniedTrafficAggregator(50_000, cacheRows: true);
        var reference = new DeniedTrafficAggregator(50_000, cacheRows: false);
        var attributor = new FlowAttributor(new PolicyEvaluator(loaded.Policies), loaded.Cluster);
        var deduplicator = new ConnectionDeduplicator(new AuditOptions().ConnectionWindow);
        var resolver = new WorkloadResolver();
        var half = flows.Count / 2;
        foreach (var (record, i) in flows.Select((f, i) => (f, i)))
        {
            if (i == half)
            {
                // A new snapshot: rows keep their keys; the cache must still find them.
                var fresh = new FlowAttributor(new PolicyEvaluator(loaded.Policies.WithRevision(loaded.Policies.Revision + 1)), loaded.Cluster);
                cached.Reattribute(e => fresh.Reattribute(e.Subject, e.Peer, e.Key.Direction, e.Key.Protocol, e.Key.Port));
                reference.Reattribute(e => fresh.Reattribute(e.Subject, e.Peer, e.Key.Direction, e.Key.Protocol, e.Key.Port));
                attributor = fresh;
            }

            var flow = record.WithEndpoints(resolver.Resolve(record.Source), resolver.Resolve(record.Destination));
            if (attributor.Attribute(flow) is not { } attribution)
            {
                continue;
            }

            var flowClass = FlowClassifier.Classify(flow);
            if (deduplicator.IsNewConnection(flow, flowClass, attribution.Direction))
            {
                Assert.Equal(reference.Add(flow, flowClass, attribution), cached.Add(flow, flowClass, attribution));
            }
            else
            {
                cached.Seen(flow, attribution);
                reference.Seen(flow, attribution);
            }
        }

        var want = reference.Snapshot().Select(Row).ToList();
        Assert.True(want.Count > 10, $"{want.Count} rows");
        Assert.Equal(want, cached.Snapshot().Select(Row).ToList());
    }

    private static string Row(AggregateEntry e) => string.Join(
        " | ",
        e.Key,
        e.Attribution.Outcome,
        e.Attribution.PolicyRevision,
        e.Dropped,
        e.Audited,
        e.Forwarded,
        e.Predicted,
        e.FirstSeen.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        e.LastSeen.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        e.SampleUuid,
        string.Join(",", e.PeerAddresses),
        string.Join(",", e.Nodes));
}
