namespace FlowAuditor.Core.Analysis;

/// <summary>Cluster-wide connectivity: every allowed pair, or every pair explained.</summary>
public static class Connectivity
{
    /// <summary>The pairs with at least one allowed connection, sorted by source then destination name (ordinal).</summary>
    public static IReadOnlyList<ConnectivityPair> AllowedPairs(ConnectivityPeers peers, ConnectionAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        return [.. ForEachPair(peers, (s, d) => new ConnectivityPair(s, d, analyzer.Allowed(s.Endpoint, d.Endpoint))).Where(p => !p.Connections.IsEmpty)];
    }

    /// <summary>Every pair with its connection space partitioned by attribution, sorted like <see cref="AllowedPairs"/>.</summary>
    public static IReadOnlyList<PairExplanation> ExplainAll(ConnectivityPeers peers, ConnectionAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        return ForEachPair(peers, (s, d) => new PairExplanation(s, d, analyzer.Explain(s.Endpoint, d.Endpoint)));
    }

    // Pairs are independent and the analyzer is thread-safe: computed in parallel, kept in sorted order.
    private static List<T> ForEachPair<T>(ConnectivityPeers peers, Func<AnalysisPeer, AnalysisPeer, T> compute)
    {
        ArgumentNullException.ThrowIfNull(peers);
        return [.. peers.Pairs()
            .OrderBy(p => p.Source.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Destination.Name, StringComparer.Ordinal)
            .AsParallel()
            .AsOrdered()
            .Select(p => compute(p.Source, p.Destination))];
    }
}
