using FlowAuditor.Core.Evaluation;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon.Metrics;

/// <summary>
/// The cached metric children (resolved once per subject, verdict and policies) count exactly what resolving the
/// labels per attempt counts, over the example capture and every Hubble fixture looped with new client ports, and
/// across a policy change that removes a policy.
/// </summary>
public sealed class AttemptCountersTests
{
    private static readonly string[] Families =
    [
        "flowauditor_denied_connections_total", "flowauditor_policy_denials_total", "flowauditor_unexplained_drops_total",
        "flowauditor_not_enforced_total", "flowauditor_non_policy_drops_total", "flowauditor_flows_total", "flowauditor_node_flows_total",
    ];

    // Isolates every production pod for ingress, like the default deny it replaces: the same subjects are then denied
    // under another set of policies.
    private const string Isolating = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: isolate-ingress, namespace: production}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

    [Fact]
    public async Task Cached_children_count_the_looped_example_and_fixtures_like_resolving_labels_per_attempt()
    {
        var flows = await LoopedTraffic.LoadAsync(passes: 3);
        var loaded = ManifestLoader.Load([LoopedTraffic.ExampleManifests]);
        var (cached, cachedMetrics) = Start(loaded, AttemptCounters.DefaultMaxEntries);
        var (reference, referenceMetrics) = Start(loaded, metricChildren: 0);
        foreach (var flow in flows)
        {
            cached.Observe(flow);
            reference.Observe(flow);
        }

        var (got, want) = (await Samples(cachedMetrics), await Samples(referenceMetrics));
        Assert.Contains(got, s => s.StartsWith("flowauditor_policy_denials_total", StringComparison.Ordinal));
        Assert.Contains(got, s => s.StartsWith("flowauditor_unexplained_drops_total", StringComparison.Ordinal));
        Assert.Equal(want, got);
    }

    [Fact]
    public async Task After_a_policy_change_new_attempts_count_against_the_policies_in_force_as_without_the_cache()
    {
        var flows = await LoopedTraffic.LoadAsync(passes: 2);
        var loaded = ManifestLoader.Load([LoopedTraffic.ExampleManifests]);
        var removed = loaded.Policies.Policies.First(p => p.Ref.Name == "default-deny-all").Ref;
        var added = ManifestLoader.LoadText(Isolating, "isolating.yaml");
        Assert.False(added.HasErrors);
        var changed = new PolicySet(loaded.Policies.Policies.Where(p => p.Ref != removed), loaded.Policies.Revision + 1) { NamedPorts = loaded.Policies.NamedPorts }
            .With(added.Policies.Policies, loaded.Policies.Revision + 2);
        var (cached, cachedMetrics) = Start(loaded, AttemptCounters.DefaultMaxEntries);
        var (reference, referenceMetrics) = Start(loaded, metricChildren: 0);
        var half = flows.Count / 2;
        foreach (var (flow, i) in flows.Select((f, i) => (f, i)))
        {
            if (i == half)
            {
                cached.ApplyPolicies(changed, loaded.Cluster, sourceReady: true);
                reference.ApplyPolicies(changed, loaded.Cluster, sourceReady: true);
            }

            cached.Observe(flow);
            reference.Observe(flow);
        }

        var got = await Samples(cachedMetrics);
        Assert.DoesNotContain(got, s => s.Contains($"policy=\"{removed.QualifiedName}\"", StringComparison.Ordinal));
        Assert.Contains(got, s => s.Contains("policy=\"production/isolate-ingress\"", StringComparison.Ordinal));
        Assert.Equal(await Samples(referenceMetrics), got);
    }

    private static (AuditState State, DaemonMetrics Metrics) Start(ManifestLoadResult loaded, int metricChildren)
    {
        var metrics = new DaemonMetrics(labelCap: 500);
        var state = new AuditState(new DaemonOptions(), metrics, TimeProvider.System, metricChildren);
        state.ApplyPolicies(loaded.Policies, loaded.Cluster, sourceReady: true);
        state.RestoreCompleted();
        return (state, metrics);
    }

    // The counting families' samples as "name{labels} value" lines, sorted.
    private static async Task<IReadOnlyList<string>> Samples(DaemonMetrics metrics)
    {
        var text = (await RegistryScrape.ScrapeAsync(metrics)).Text;
        return [.. text.Split('\n').Where(line => Families.Any(f => line.StartsWith(f + "{", StringComparison.Ordinal))).Order(StringComparer.Ordinal)];
    }
}
