namespace FlowAuditor.Core.Suggestions;

public sealed record SuggestionOptions
{
    public SuggestionFormat Format { get; init; } = SuggestionFormat.NetworkPolicy;

    /// <summary>Aggregate external IPv4 addresses to this prefix (<c>--cidr-prefix</c>); null keeps /32 (IPv6: /128).</summary>
    public int? CidrPrefix { get; init; }

    /// <summary>
    /// <c>--suggest-safe</c>: leave out suggestions that contradict an existing rule (lateral moves, see
    /// <see cref="LateralMoves"/>); they are listed as not suggested instead.
    /// </summary>
    public bool Safe { get; init; }

    /// <summary>
    /// Namespaces whose every pod is already isolated for egress. Denied DNS there gets one namespace-wide
    /// policy (<c>podSelector: {}</c>), which then isolates nobody new.
    /// </summary>
    public IReadOnlySet<string> EgressIsolatedNamespaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
