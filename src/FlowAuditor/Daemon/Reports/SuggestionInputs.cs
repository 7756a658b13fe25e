using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Daemon.Reports;

/// <summary>
/// Everything suggestions and their verification are computed from, minus the counts and times: the policy snapshot
/// and agent options (by identity: a new snapshot is a new object), the replay and seen-endpoint lists (append-only
/// in the session, so their length says whether they changed), and per denied row what the suggestion engine reads
/// (key, outcome, prediction, the endpoints' labels, the peer's names and addresses). Two builds with equal inputs
/// have equal suggestions and verification: while only counts move, a build reuses the previous ones.
/// </summary>
internal sealed class SuggestionInputs : IEquatable<SuggestionInputs>
{
    private readonly object _policies;
    private readonly object _cluster;
    private readonly object _evaluation;
    private readonly int _replay;
    private readonly int _seen;
    private readonly Row[] _rows;

    public SuggestionInputs(FrozenAudit frozen)
    {
        ArgumentNullException.ThrowIfNull(frozen);
        _policies = frozen.Policies;
        _cluster = frozen.Cluster;
        _evaluation = frozen.Evaluation;
        _replay = frozen.Snapshot.Replay.Count;
        _seen = frozen.Snapshot.SeenEndpoints.Count;
        _rows = [.. frozen.Snapshot.Denied.Select(Row.Of)];
    }

    public bool Equals(SuggestionInputs? other) =>
        other is not null
        && ReferenceEquals(_policies, other._policies)
        && ReferenceEquals(_cluster, other._cluster)
        && ReferenceEquals(_evaluation, other._evaluation)
        && _replay == other._replay
        && _seen == other._seen
        && _rows.AsSpan().SequenceEqual(other._rows);

    public override bool Equals(object? obj) => Equals(obj as SuggestionInputs);

    public override int GetHashCode() => HashCode.Combine(_policies, _replay, _seen, _rows.Length);

    private readonly record struct Row(
        AggregateKey Key, AttributionOutcome Outcome, bool Predicted, long Revision, LabelSet Subject, LabelSet Peer, string? PeerAddress, string PeerNames, int PeerAddresses)
    {
        public static Row Of(AggregateEntry entry)
        {
            var attribution = entry.Attribution;
            return new(
                entry.Key,
                attribution.Outcome,
                attribution.Predicted,
                attribution.PolicyRevision,
                entry.Subject.Labels,
                entry.Peer.Labels,
                // A pod peer is suggested by its labels; its address only names the replica that was seen last.
                entry.Peer.IsPod ? null : entry.Peer.Address?.ToString(),
                entry.Peer.DnsNamesKey ?? string.Empty,
                entry.PeerAddresses.Count);
        }
    }
}
