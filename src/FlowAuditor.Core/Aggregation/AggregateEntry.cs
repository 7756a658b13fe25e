using System.Net;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;

namespace FlowAuditor.Core.Aggregation;

/// <summary>Denied traffic of one key: connection counts by verdict, first/last seen, attribution, a sample.</summary>
public sealed class AggregateEntry
{
    private const int MaxAddresses = 32;
    private const int MaxNodes = 32;
    private readonly SortedSet<string> _addresses = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _nodes = new(StringComparer.Ordinal);

    // The addresses already in _addresses, so a repeat costs a hash probe rather than a formatted string.
    private readonly HashSet<IPAddress> _addressesSeen = [];

    internal AggregateEntry(AggregateKey key, FlowAttribution attribution, DateTimeOffset time, string? uuid)
    {
        Key = key;
        Attribution = attribution;
        FirstSeen = time;
        LastSeen = time;
        SampleUuid = uuid;
    }

    public AggregateKey Key { get; }

    /// <summary>The latest attribution (the policy snapshot may have changed since the first).</summary>
    public FlowAttribution Attribution { get; private set; }

    public Endpoint Subject => Attribution.Subject;

    public Endpoint Peer => Attribution.Peer;

    public long Dropped { get; private set; }

    public long Audited { get; private set; }

    /// <summary>Forwarded new connections the loaded policies deny (outcome NotEnforced).</summary>
    public long Forwarded { get; private set; }

    /// <summary>Connections whose denial at this side is implied by an observed denial at the other side.</summary>
    public long Predicted { get; private set; }

    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset LastSeen { get; private set; }

    public string? SampleUuid { get; private set; }

    /// <summary>Peer addresses seen (for FQDN and external peers), at most 32.</summary>
    public IReadOnlyCollection<string> PeerAddresses => _addresses;

    /// <summary>The nodes whose Hubble reported this traffic (flow <c>node_name</c>), at most 32: on relay, where to look.</summary>
    public IReadOnlyCollection<string> Nodes => _nodes;

    /// <summary>A copy that later events do not change (what snapshots and reports hold).</summary>
    internal AggregateEntry Copy()
    {
        var copy = new AggregateEntry(Key, Attribution, FirstSeen, SampleUuid)
        {
            Dropped = Dropped,
            Audited = Audited,
            Forwarded = Forwarded,
            Predicted = Predicted,
            LastSeen = LastSeen,
        };
        copy._addresses.UnionWith(_addresses);
        copy._nodes.UnionWith(_nodes);
        return copy;
    }

    internal void Record(FlowClass flowClass, FlowAttribution attribution, FlowRecord flow, IPAddress? peerAddress)
    {
        var (time, node) = (flow.Time, flow.NodeName);
        if (!string.IsNullOrEmpty(node) && _nodes.Count < MaxNodes)
        {
            _nodes.Add(node);
        }

        switch (flowClass)
        {
            case FlowClass.Other when attribution.Predicted:
                Predicted++;
                break;
            case FlowClass.Audit:
                Audited++;
                break;
            case FlowClass.Forwarded:
                Forwarded++;
                break;
            default:
                Dropped++;
                break;
        }

        if (time < FirstSeen)
        {
            FirstSeen = time;
        }

        if (time >= LastSeen)
        {
            LastSeen = time;
        }

        // Observed policy denials explain an entry better than predictions or not-enforced forwards of the same key.
        if (Rank(attribution) >= Rank(Attribution))
        {
            Attribution = attribution;
        }

        // Read only while there is no sample: a decoder may leave the uuid's text to be made on reading.
        SampleUuid ??= flow.Uuid;
        if (peerAddress is not null && _addresses.Count < MaxAddresses && _addressesSeen.Add(peerAddress))
        {
            _addresses.Add(peerAddress.ToString());
        }
    }

    internal void Seen(DateTimeOffset time, FlowAttribution attribution)
    {
        if (time > LastSeen)
        {
            LastSeen = time;
        }

        // A repeat of a denial after the change that resolved the row: Hubble still denies it.
        if (Attribution.Outcome == AttributionOutcome.Resolved && attribution.Outcome != AttributionOutcome.Resolved)
        {
            Attribution = attribution;
        }
    }

    /// <summary>The row judged again against a new policy snapshot (counts and times are facts and stay).</summary>
    internal void Reattribute(FlowAttribution attribution) => Attribution = attribution;

    private static int Rank(FlowAttribution attribution) => attribution switch
    {
        { Outcome: AttributionOutcome.Resolved } => -1,
        { Outcome: AttributionOutcome.NotEnforced } => 0,
        { Predicted: true } => 1,
        _ => 2,
    };

    /// <summary>Restores counts from durable state (the daemon's store); replaces what the entry counted.</summary>
    public void Restore(long dropped, long audited, long forwarded, long predicted, DateTimeOffset firstSeen, DateTimeOffset lastSeen, IEnumerable<string> addresses)
    {
        Predicted = predicted;
        Dropped = dropped;
        Audited = audited;
        Forwarded = forwarded;
        FirstSeen = firstSeen;
        LastSeen = lastSeen;
        foreach (var address in addresses.Take(MaxAddresses))
        {
            _addresses.Add(address);
        }
    }
}
