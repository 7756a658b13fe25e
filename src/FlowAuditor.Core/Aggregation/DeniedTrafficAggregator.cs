using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;

namespace FlowAuditor.Core.Aggregation;

/// <summary>
/// Aggregates attributed denied traffic (DefaultDeny, DenyRule, AuthRequired, Unexplained, NotEnforced) by
/// <see cref="AggregateKey"/>. Memory is bounded: once <see cref="MaxEntries"/> keys exist, connections of new keys
/// are counted in <see cref="OverflowConnections"/> and <see cref="BoundReached"/> is set. Thread-safe.
/// </summary>
public sealed class DeniedTrafficAggregator
{
    private readonly Dictionary<AggregateKey, AggregateEntry> _entries = [];

    // Rows by endpoint identities: a flow finds its entry with one lookup of values it carries, without building the
    // key's strings. Entries are never removed, so a cached row stays right; the cache itself is bounded.
    private readonly Dictionary<RowKey, AggregateEntry> _rows = [];
    private readonly bool _cacheRows;
    private readonly Lock _lock = new();

    public DeniedTrafficAggregator(int maxEntries = 50_000)
        : this(maxEntries, cacheRows: true)
    {
    }

    /// <param name="cacheRows">False: every flow builds its key (the reference path tests compare the cache with).</param>
    internal DeniedTrafficAggregator(int maxEntries, bool cacheRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        MaxEntries = maxEntries;
        _cacheRows = cacheRows;
    }

    public int MaxEntries { get; }

    public long OverflowConnections { get; private set; }

    public bool BoundReached { get; private set; }

    /// <summary>
    /// Records one connection attempt. <paramref name="flowClass"/> says which count it adds to; a predicted
    /// attribution (<see cref="FlowAttribution.Predicted"/>) is recorded with <see cref="FlowClass.Other"/>.
    /// Returns false when the bound kept it out.
    /// </summary>
    public bool Add(FlowRecord flow, FlowClass flowClass, FlowAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(attribution);
        if (attribution.Outcome == AttributionOutcome.Consistent || flow.Protocol is not { } protocol)
        {
            return false;
        }

        var row = _cacheRows ? RowKey.Of(attribution, protocol, flow.DestinationPort) : null;
        lock (_lock)
        {
            if (!Find(row, attribution, protocol, flow.DestinationPort, out var key, out var entry))
            {
                if (_entries.Count >= MaxEntries)
                {
                    OverflowConnections++;
                    BoundReached = true;
                    return false;
                }

                entry = new AggregateEntry(key, attribution, flow.Time, flow.Uuid);
                _entries[key] = entry;
                Remember(row, entry);
            }

            entry.Record(flowClass, attribution, flow, attribution.Peer.Address);
            return true;
        }
    }

    /// <summary>A repeated event of an attempt already recorded: moves its entry's last-seen time, counts nothing.</summary>
    public void Seen(FlowRecord flow, FlowAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(attribution);
        if (attribution.Outcome == AttributionOutcome.Consistent || flow.Protocol is not { } protocol)
        {
            return;
        }

        var row = _cacheRows ? RowKey.Of(attribution, protocol, flow.DestinationPort) : null;
        lock (_lock)
        {
            if (Find(row, attribution, protocol, flow.DestinationPort, out _, out var entry))
            {
                entry.Seen(flow.Time, attribution);
            }
        }
    }

    // The entry of a flow's row: from the row cache, else by its key (built here, and returned for a new entry).
    private bool Find(RowKey? row, FlowAttribution attribution, Ports.Protocol protocol, int port, out AggregateKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AggregateEntry? entry)
    {
        if (row is { } cached && _rows.TryGetValue(cached, out entry))
        {
            key = entry.Key;
            return true;
        }

        key = KeyOf(attribution, protocol, port);
        if (_entries.TryGetValue(key, out entry))
        {
            Remember(row, entry);
            return true;
        }

        return false;
    }

    private void Remember(RowKey? row, AggregateEntry entry)
    {
        if (row is not { } cached)
        {
            return;
        }

        if (_rows.Count >= MaxEntries * 4)
        {
            _rows.Clear();
        }

        _rows[cached] = entry;
    }

    /// <summary>
    /// Frozen copies of the entries, sorted (namespace, subject, direction, peer, protocol, port): later events do not
    /// change them. Copied under the lock, sorted outside it.
    /// </summary>
    public IReadOnlyList<AggregateEntry> Snapshot()
    {
        AggregateEntry[] copies;
        lock (_lock)
        {
            copies = [.. _entries.Values.Select(e => e.Copy())];
        }

        Array.Sort(copies, (a, b) => a.Key.CompareTo(b.Key));
        return copies;
    }

    /// <summary>Replaces every entry's attribution by <paramref name="reattribute"/>'s (after a policy change).</summary>
    public void Reattribute(Func<AggregateEntry, FlowAttribution> reattribute)
    {
        ArgumentNullException.ThrowIfNull(reattribute);
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Reattribute(reattribute(entry));
            }
        }
    }

    /// <summary>Restores an entry from durable state (the daemon's store).</summary>
    public AggregateEntry Restore(AggregateKey key, FlowAttribution attribution, DateTimeOffset firstSeen, DateTimeOffset lastSeen, string? uuid)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new AggregateEntry(key, attribution, firstSeen, uuid);
                _entries[key] = entry;
            }

            return entry;
        }
    }

    public static AggregateKey KeyOf(FlowAttribution attribution, Ports.Protocol protocol, int port)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        return KeyOf(attribution.Subject, attribution.Peer, attribution.Direction, protocol, port);
    }

    /// <summary>The key of traffic of <paramref name="subject"/> (the local side) with <paramref name="peerEndpoint"/>.</summary>
    public static AggregateKey KeyOf(Endpoint subject, Endpoint peerEndpoint, Policies.TrafficDirection direction, Ports.Protocol protocol, int port)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(peerEndpoint);
        var (peerKind, peer) = PeerOf(peerEndpoint);
        return new AggregateKey(
            direction,
            subject.Namespace ?? string.Empty,
            subject.IsPod ? WorkloadIdentity.Of(subject) : Entities.ReservedName(subject.Kind),
            peerKind,
            peer,
            protocol,
            port);
    }

    private readonly record struct RowKey(EndpointIdentity Subject, EndpointIdentity Peer, Policies.TrafficDirection Direction, Ports.Protocol Protocol, int Port)
    {
        public static RowKey? Of(FlowAttribution attribution, Ports.Protocol protocol, int port) =>
            EndpointIdentity.Of(attribution.Subject) is { } subject && EndpointIdentity.Of(attribution.Peer) is { } peer
                ? new RowKey(subject, peer, attribution.Direction, protocol, port)
                : null;
    }

    private static (PeerKind Kind, string Text) PeerOf(Endpoint peer) => peer.Kind switch
    {
        EndpointKind.Pod => (PeerKind.Workload, WorkloadIdentity.Of(peer)),
        EndpointKind.World when peer.DnsNames.Count > 0 => (PeerKind.Fqdn, peer.DnsNames.Min(StringComparer.Ordinal)!.TrimEnd('.').ToLowerInvariant()),
        EndpointKind.World when peer.Address is not null =>
            (PeerKind.Cidr, $"{peer.Address}/{(peer.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}"),
        _ => (PeerKind.Entity, Entities.ReservedName(peer.Kind)),
    };
}
