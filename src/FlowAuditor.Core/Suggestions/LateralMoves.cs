using System.Globalization;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// Denied connections an existing rule deliberately restricts: a rule of an isolating policy allows this very port,
/// but only for other peers (a peer near miss). Allowing such a connection is a lateral move a reviewer should
/// judge, not a gap: <c>allow-backend-to-database</c> admits 5432 only from the backend, so a suggestion admitting
/// the frontend contradicts it. Both sides of the connection carry the finding.
/// </summary>
public static class LateralMoves
{
    /// <summary>For each such connection, the reviews: <c>contradicts NetworkPolicy ns/name rule #n, which admits only X</c>.</summary>
    public static IReadOnlyDictionary<ConnectionRef, IReadOnlyList<string>> Find(IEnumerable<AggregateEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var found = new Dictionary<ConnectionRef, SortedSet<string>>();
        foreach (var entry in entries.Where(e => e.Attribution.Outcome == AttributionOutcome.DefaultDeny && e.Peer.IsPod))
        {
            foreach (var denial in entry.Attribution.Verdict.Denials.Where(d => d.Reason == DenialReason.NoRuleSelectsPeer))
            {
                foreach (var miss in denial.PeerNearMisses)
                {
                    var key = ConnectionRef.Of(entry);
                    if (!found.TryGetValue(key, out var reviews))
                    {
                        found[key] = reviews = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    reviews.Add(string.Create(CultureInfo.InvariantCulture,
                        $"contradicts {denial.Policy.Kind} {denial.Policy.QualifiedName} rule #{miss.Rule}, which admits only {string.Join(" or ", miss.Peers)}"));
                }
            }
        }

        return found.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value]);
    }
}
