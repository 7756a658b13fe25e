namespace FlowAuditor.Core.Analysis;

/// <summary>Cluster-wide connectivity: every allowed pair, or every pair explained.</summary>
public static class Connectivity
{
    /// <summary>The pairs with at least one allowed connection, sorted by source then destination name (ordinal).</summary>
    public static IReadOnlyList<ConnectivityPair> AllowedPairs(ConnectivityPeers peers, ConnectionAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(analyzer);

        // Pairs are independent and the evaluator is thread-safe; order is restored by the sort.
        return [.. peers.Pairs()
            .AsParallel()
            .Select(p => new ConnectivityPair(p.Source, p.Destination, analyzer.Allowed(p.Source.Endpoint, p.Destination.Endpoint)))
            .Where(p => !p.Connections.IsEmpty)
            .AsSequential()
            .OrderBy(p => p.Source.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Destination.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every pair with its connection space partitioned by attribution, sorted like <see cref="AllowedPairs"/>.</summary>
    public static IReadOnlyList<PairExplanation> ExplainAll(ConnectivityPeers peers, ConnectionAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(analyzer);
        return [.. peers.Pairs()
            .AsParallel()
            .Select(p => new PairExplanation(p.Source, p.Destination, analyzer.Explain(p.Source.Endpoint, p.Destination.Endpoint)))
            .AsSequential()
            .OrderBy(p => p.Source.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Destination.Name, StringComparer.Ordinal)];
    }
}
