namespace FlowAuditor.Core.Suggestions;

public sealed record SuggestionOptions
{
    public SuggestionFormat Format { get; init; } = SuggestionFormat.NetworkPolicy;

    /// <summary>Aggregate external IPv4 addresses to this prefix (<c>--cidr-prefix</c>); null keeps /32 (IPv6: /128).</summary>
    public int? CidrPrefix { get; init; }
}
