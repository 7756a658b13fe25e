using System.Net;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Staging;

/// <summary>
/// Every observed connection attempt that carried a policy decision (FORWARDED new connections, policy DROPPED,
/// AUDIT), grouped by source and destination identity, protocol and port: what staged changes are measured on.
/// Events of one 5-tuple within the connection window are one attempt, whichever end reported them. Memory is
/// bounded: once <see cref="MaxKeys"/> groups exist, attempts of new groups are only counted in
/// <see cref="OverflowAttempts"/>. One consumer feeds it (as <see cref="Auditing.AuditSession"/>); not thread-safe.
/// </summary>
public sealed class ObservedAttempts
{
    private readonly Dictionary<Key, ObservedAttempt> _entries = [];
    private readonly RecentKeys<ConnectionKey> _attempts;
    private readonly RecentKeys<ConnectionKey> _denied;

    public ObservedAttempts(TimeSpan connectionWindow, int maxKeys = 50_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeys);
        MaxKeys = maxKeys;
        _attempts = new RecentKeys<ConnectionKey>(connectionWindow);
        _denied = new RecentKeys<ConnectionKey>(connectionWindow);
    }

    public int MaxKeys { get; }

    public int Keys => _entries.Count;

    /// <summary>Attempts recorded, overflow included.</summary>
    public long Attempts { get; private set; }

    public long OverflowAttempts { get; private set; }

    public bool BoundReached => OverflowAttempts > 0;

    /// <summary>Records one attributed flow event (the attribution supplies the enriched endpoints and direction).</summary>
    public void Record(FlowRecord flow, FlowClass flowClass, FlowAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(attribution);
        if (flow.Protocol is not { } protocol)
        {
            return;
        }

        var tuple = ConnectionKey.Of(flow);
        var denied = flowClass.IsPolicyDenial();
        var newAttempt = _attempts.Touch(tuple, flow.Time);
        if (!newAttempt && !denied)
        {
            return; // the common case: a repeat of a forwarded attempt, one dictionary probe
        }

        var (source, destination) = attribution.Direction == TrafficDirection.Egress
            ? (attribution.Subject, attribution.Peer)
            : (attribution.Peer, attribution.Subject);
        var key = Key.Of(source, destination, protocol, flow.DestinationPort);
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (!newAttempt)
            {
                return;
            }

            Attempts++;
            if (_entries.Count >= MaxKeys)
            {
                OverflowAttempts++;
                return;
            }

            entry = new ObservedAttempt(source, destination, protocol, flow.DestinationPort);
            _entries[key] = entry;
            entry.CountAttempt();
        }
        else if (newAttempt)
        {
            Attempts++;
            entry.CountAttempt();
        }

        if (denied && _denied.Touch(tuple, flow.Time))
        {
            entry.CountDenied();
        }
    }

    /// <summary>A copy of the groups, in no particular order.</summary>
    public IReadOnlyList<ObservedAttempt> Snapshot() => [.. _entries.Values];

    // Identity labels decide policy for pods; addresses and DNS names only matter for the other kinds of endpoint.
    private readonly record struct Key(
        LabelSet Source, LabelSet Destination, IPAddress? SourceAddress, IPAddress? DestinationAddress, string? DestinationNames, Protocol Protocol, int Port)
    {
        public static Key Of(Endpoint source, Endpoint destination, Protocol protocol, int port) => new(
            source.Labels,
            destination.Labels,
            source.IsPod ? null : source.Address,
            destination.IsPod ? null : destination.Address,
            destination.DnsNamesKey,
            protocol,
            port);
    }
}
