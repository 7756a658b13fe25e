using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Tests.Conformance;

/// <summary>
/// The external yardstick: every netpol-analyzer case must give exactly the expected allowed pairs and connections,
/// and the cases with <c>explain.txt</c> the same policies, rule numbers and reasons for every pair and subset.
/// The suite models upstream Kubernetes semantics, so it runs with explicit options (<see cref="Upstream"/>), not with
/// a Cilium version's defaults: ipBlocks never match pods (as the cases expect, and as Cilium does); egress named ports
/// resolve on each destination pod; no identity label filter; peer selectors select pods only
/// (policy-default-local-cluster on); and allow-localhost=policy (no case probes the host).
/// </summary>
public sealed class ConformanceTests
{
    /// <summary>The options the suite runs with (see docs/cilium-semantics.md, "Options").</summary>
    public static readonly EvaluationOptions Upstream = EvaluationOptions.Cilium with
    {
        IpBlockMatchesPods = false,
        AllowLocalhost = AllowLocalhost.Policy,
        PolicyDefaultLocalCluster = true,
        EgressNamedPorts = EgressNamedPorts.PerDestination,
        LabelFilter = Core.Labels.LabelFilter.None,
    };

    [Fact]
    public void Suite_HasAllNinetySixCases()
    {
        Assert.Equal(ConformanceCases.ExpectedCount, ConformanceCases.Names.Count);
        Assert.Equal(5, ConformanceCases.WithExplain().Count);
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.All), MemberType = typeof(ConformanceCases))]
    public void Connlist_MatchesExpectedAllowedPairs(string name)
    {
        var loaded = Load(name);
        var pairs = Connectivity.AllowedPairs(ConnectivityPeers.Of(loaded.Cluster, loaded.Policies), Analyzer(loaded));

        var expected = File.ReadAllLines(ConformanceCases.ConnlistFile(name)).Where(l => l.Contains(" => ", StringComparison.Ordinal));
        AssertSameLines(name, expected, pairs.Select(ConnlistFormat.Line));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.WithExplain), MemberType = typeof(ConformanceCases))]
    public void Explain_MatchesExpectedAttribution(string name)
    {
        var loaded = Load(name);
        var explanations = Connectivity.ExplainAll(ConnectivityPeers.Of(loaded.Cluster, loaded.Policies), Analyzer(loaded));

        var expected = ExpectedExplain.Parse(File.ReadAllLines(ConformanceCases.ExplainFile(name)));
        Assert.NotEmpty(expected);
        AssertSameLines(name, expected, ExplainFacts.Of(explanations));
    }

    private static ManifestLoadResult Load(string name)
    {
        var loaded = ManifestLoader.Load([ConformanceCases.Input(name)]);
        Assert.False(loaded.HasErrors, $"{name}: manifests did not load cleanly:\n{string.Join('\n', loaded.Diagnostics)}");
        return loaded;
    }

    private static ConnectionAnalyzer Analyzer(ManifestLoadResult loaded) => new(new PolicyEvaluator(loaded.Policies, Upstream));

    // Multiset comparison: a line produced twice where expected once is a difference too.
    private static void AssertSameLines(string name, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var remaining = expected.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var extra = new List<string>();
        foreach (var line in actual)
        {
            if (remaining.TryGetValue(line, out var count) && count > 0)
            {
                remaining[line] = count - 1;
            }
            else
            {
                extra.Add(line);
            }
        }

        var missing = remaining.Where(kv => kv.Value > 0).SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"case {name}: {missing.Count} missing, {extra.Count} extra\n"
            + string.Concat(missing.Take(50).Select(l => $"- {l}\n"))
            + string.Concat(extra.Order(StringComparer.Ordinal).Take(50).Select(l => $"+ {l}\n")));
    }
}
