using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Staging;
using FlowAuditor.Core.Suggestions;

namespace FlowAuditor.Core.Auditing;

/// <summary>
/// The attribution pipeline over a stream of flows: classify, fold repeated events into connection attempts,
/// attribute against the current policy snapshot, aggregate. Used offline over a capture and by the daemon live.
/// Not thread-safe for <see cref="Observe"/>; one consumer feeds it.
/// </summary>
public sealed class AuditSession
{
    private static readonly string[] PredictedNotes =
        ["predicted: the source's egress dropped this connection first; once egress allows it, this ingress denies it"];

    private readonly AuditOptions _options;
    private readonly ConnectionDeduplicator _deduplicator;
    private readonly RecentKeys<ConnectionKey> _attempts;
    private readonly RecentKeys<ConnectionKey> _audited;
    private readonly WorkloadResolver _workloads = new();
    private readonly HashSet<ReplayKey> _replayKeys = [];
    private readonly List<ReplayItem> _replay = [];
    private readonly Dictionary<LabelSet, Endpoint> _seenEndpoints = [];
    private FlowAttributor _attributor;

    public AuditSession(FlowAttributor attributor, AuditOptions? options = null)
    {
        _attributor = attributor ?? throw new ArgumentNullException(nameof(attributor));
        _options = options ?? new AuditOptions();
        _deduplicator = new ConnectionDeduplicator(_options.ConnectionWindow);
        _attempts = new RecentKeys<ConnectionKey>(_options.ConnectionWindow);
        _audited = new RecentKeys<ConnectionKey>(_options.ConnectionWindow);
        Aggregator = new DeniedTrafficAggregator(_options.MaxAggregates);
        ObservedAttempts = new ObservedAttempts(_options.ConnectionWindow, _options.MaxAggregates);
    }

    public AuditCounters Counters { get; } = new();

    public DeniedTrafficAggregator Aggregator { get; }

    /// <summary>Every attempt with a policy decision, allowed ones included: what staged changes are measured on.</summary>
    public ObservedAttempts ObservedAttempts { get; }

    public long PolicyRevision => _attributor.Revision;

    /// <summary>
    /// Switches to a new policy snapshot. What was already aggregated keeps its counts and times but is judged again
    /// against the new policies, so no row names a policy that is gone: a denied row the new policies allow becomes
    /// <see cref="AttributionOutcome.Resolved"/> (every event it holds came before the change), until Hubble denies
    /// it again. Costs one evaluation per row, once per policy change.
    /// </summary>
    public void UsePolicies(FlowAttributor attributor)
    {
        _attributor = attributor ?? throw new ArgumentNullException(nameof(attributor));
        Aggregator.Reattribute(Reevaluate);
    }

    private FlowAttribution Reevaluate(AggregateEntry entry)
    {
        var old = entry.Attribution;
        var fresh = _attributor.Reattribute(entry.Subject, entry.Peer, entry.Key.Direction, entry.Key.Protocol, entry.Key.Port);
        if (!fresh.Verdict.Allowed)
        {
            if (old.Outcome == AttributionOutcome.DefaultDeny && fresh.Outcome == AttributionOutcome.DefaultDeny && !old.Predicted)
            {
                AddReplay(new ReplayItem(fresh.Subject, fresh.Peer, entry.Key.Direction, entry.Key.Protocol, entry.Key.Port));
            }

            return old.Outcome == AttributionOutcome.NotEnforced
                ? fresh with { Outcome = AttributionOutcome.NotEnforced, LikelyCauses = old.LikelyCauses }
                : fresh with { Predicted = old.Predicted, Notes = old.Predicted ? old.Notes : [] };
        }

        // Allowed now. Rows that were allowed-but-denied already keep what they were, with the current verdict.
        if (old.Outcome is AttributionOutcome.Unexplained or AttributionOutcome.AuthRequired && old.Verdict.Allowed)
        {
            return fresh with { Outcome = old.Outcome, LikelyCauses = old.LikelyCauses, Notes = old.Notes };
        }

        return fresh with
        {
            Outcome = AttributionOutcome.Resolved,
            Predicted = old.Predicted,
            LikelyCauses = [],
            Notes = old.Outcome == AttributionOutcome.Resolved
                ? old.Notes
                : [FormattableString.Invariant($"resolved: {AttributionVerb(old)} under policy revision {old.PolicyRevision}; allowed by revision {fresh.PolicyRevision}, no denial seen since")],
        };
    }

    private static string AttributionVerb(FlowAttribution old) => old.Outcome switch
    {
        AttributionOutcome.NotEnforced => "flagged not-enforced",
        _ when old.Predicted => "predicted denied",
        _ => "denied",
    };

    /// <summary>
    /// Processes one flow: its attribution, and whether it starts a new connection attempt. Repeats of an attempt
    /// are folded into it but still move its last-seen time.
    /// </summary>
    public FlowObservation Observe(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var flowClass = FlowClassifier.Classify(flow);
        Counters.CountEvent(flowClass);
        if (flowClass == FlowClass.NonPolicyDrop)
        {
            Counters.CountNonPolicyDrop(flow.DropReasonName ?? flow.DropReason.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new(flowClass, null, false);
        }

        if (!flowClass.IsPolicyDenial() && flowClass != FlowClass.Forwarded)
        {
            return new(flowClass, null, false);
        }

        if (flow.IsIncomplete && (flowClass.IsPolicyDenial() || FlowClassifier.IsNewConnectionDecision(flow)))
        {
            // Not world, and not part of any attempt: its 5-tuple may be shared with a real one it would absorb.
            Counters.CountIncomplete();
            return new(flowClass, null, false, Incomplete: true);
        }

        var (source, destination) = (_workloads.Resolve(flow.Source), _workloads.Resolve(flow.Destination));
        if (!ReferenceEquals(source, flow.Source) || !ReferenceEquals(destination, flow.Destination))
        {
            flow = flow.WithEndpoints(source, destination);
        }
        var attribution = _attributor.Attribute(flow);
        if (attribution is null)
        {
            return new(flowClass, null, false);
        }

        ObservedAttempts.Record(flow, flowClass, attribution);
        var tuple = ConnectionKey.Of(flow);
        if (_attempts.Touch(tuple, flow.Time))
        {
            Counters.CountAttempt();
        }

        if (flowClass == FlowClass.Audit)
        {
            _audited.Touch(tuple, flow.Time);
        }
        else if (attribution.Outcome == AttributionOutcome.NotEnforced && _audited.SeenWithin(tuple, flow.Time))
        {
            // Audit mode forwards what policy would drop; the AUDIT verdict already told us. Not a failure to enforce.
            Counters.CountAuditModeForward();
            return new(flowClass, null, false);
        }

        if (!_deduplicator.IsNewConnection(flow, flowClass, attribution.Direction))
        {
            Counters.CountRepeat();
            Aggregator.Seen(flow, attribution);
            return new(flowClass, attribution, false);
        }

        Counters.CountConnection(attribution.Outcome);
        Remember(attribution.Subject);
        Remember(attribution.Peer);
        if (attribution.Outcome == AttributionOutcome.Consistent)
        {
            return new(flowClass, attribution, true);
        }

        Aggregator.Add(flow, flowClass, attribution);
        if (attribution.Outcome == AttributionOutcome.DefaultDeny)
        {
            AddReplay(new ReplayItem(attribution.Subject, attribution.Peer, attribution.Direction, flow.Protocol!.Value, flow.DestinationPort));
            if (flowClass != FlowClass.Audit)
            {
                // An audited egress is not dropped: the destination's ingress decides for real and Hubble reports it.
                PredictIngress(flow, attribution);
            }
        }

        return new(flowClass, attribution, true);
    }

    // A pod-to-pod connection dropped at its source's egress never reaches the destination, whose ingress would be
    // the next to decide. If that side denies too, record it as predicted so suggestions cover the whole connection.
    private void PredictIngress(FlowRecord flow, FlowAttribution egress)
    {
        if (egress.Direction != Policies.TrafficDirection.Egress || !egress.Peer.IsPod || !egress.Subject.IsPod)
        {
            return;
        }

        var ingress = _attributor.Reattribute(egress.Peer, egress.Subject, Policies.TrafficDirection.Ingress, flow.Protocol!.Value, flow.DestinationPort);
        if (ingress.Outcome == AttributionOutcome.DefaultDeny)
        {
            Aggregator.Add(flow, FlowClass.Other, ingress with
            {
                Predicted = true,
                LikelyCauses = [],
                Notes = PredictedNotes,
            });
        }
    }

    private void AddReplay(ReplayItem item)
    {
        if (_replay.Count < _options.MaxReplayItems && _replayKeys.Add(ReplayKey.Of(item)))
        {
            _replay.Add(item);
        }
    }

    /// <summary>Builds the report: denied traffic, suggestions, and their verification against <paramref name="policies"/>.</summary>
    public AuditReport BuildReport(PolicySet policies, ClusterModel cluster, SuggestionOptions suggestionOptions, EvaluationOptions? evaluationOptions = null) =>
        Snapshot().BuildReport(policies, cluster, suggestionOptions, evaluationOptions);

    /// <summary>A frozen copy of everything the report is built from (cheap: copies, no evaluation).</summary>
    public AuditSnapshot Snapshot() =>
        new(Counters.Copy(), Aggregator.Snapshot(), [.. _replay], [.. _seenEndpoints.Values], Aggregator);

    /// <summary>Everything aggregated, in storable form.</summary>
    public IReadOnlyList<PersistedObservation> Export() =>
        [.. Aggregator.Snapshot().Select(e => new PersistedObservation(
            e.Key, EndpointData.Of(e.Subject), EndpointData.Of(e.Peer), e.Dropped, e.Audited, e.Forwarded, e.Predicted, e.FirstSeen, e.LastSeen, e.SampleUuid, [.. e.PeerAddresses])
        {
            Outcome = e.Attribution.Outcome,
            PolicyRevision = e.Attribution.PolicyRevision,
        })];

    /// <summary>The connection windows still open (attempts whose retransmits may still come), in storable form.</summary>
    public IReadOnlyList<PersistedWindow> ExportWindows() => ConnectionWindows.Export(_attempts, _audited, _deduplicator);

    /// <summary>Brings back stored open windows, so an attempt open at shutdown continues rather than counting again.</summary>
    public void RestoreWindows(IEnumerable<PersistedWindow> windows) => ConnectionWindows.Restore(windows, _attempts, _audited, _deduplicator);

    /// <summary>Adds a stored summary (events, repeats, attempts by outcome) to the session's counters.</summary>
    public void RestoreSummary(PersistedSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Counters.Add(summary);
    }

    /// <summary>
    /// Brings back stored observations, re-attributing each against the current policies (they may have changed
    /// while the daemon was down). Counts, times and samples are kept as stored.
    /// </summary>
    public void Restore(IEnumerable<PersistedObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        foreach (var stored in observations)
        {
            var subject = _workloads.Resolve(stored.Subject.ToEndpoint());
            var peer = _workloads.Resolve(stored.Peer.ToEndpoint());
            var attribution = _attributor.Reattribute(subject, peer, stored.Key.Direction, stored.Key.Protocol, stored.Key.Port);
            if (stored.Forwarded > 0 && stored.Dropped + stored.Audited == 0 && !attribution.Verdict.Allowed)
            {
                // It was stored because Hubble forwarded what policy denies.
                attribution = attribution with { Outcome = AttributionOutcome.NotEnforced };
            }
            else if (stored.Predicted > 0 && stored.Dropped + stored.Audited + stored.Forwarded == 0)
            {
                attribution = attribution with { Predicted = true };
            }

            if (attribution.Verdict.Allowed && stored.Outcome is { } was)
            {
                attribution = RestoredAllowed(attribution, was, stored.PolicyRevision);
            }

            var entry = Aggregator.Restore(stored.Key, attribution, stored.FirstSeen, stored.LastSeen, stored.SampleUuid);
            entry.Restore(stored.Dropped, stored.Audited, stored.Forwarded, stored.Predicted, stored.FirstSeen, stored.LastSeen, stored.PeerAddresses);
            Remember(subject);
            Remember(peer);
            if (attribution.Outcome == AttributionOutcome.DefaultDeny && !attribution.Predicted)
            {
                AddReplay(new ReplayItem(subject, peer, stored.Key.Direction, stored.Key.Protocol, stored.Key.Port));
            }
        }
    }

    // A stored row the loaded policies allow: resolved if it was denied when stored (its events are all older than
    // the change), what it was if Hubble denied it although the policies allowed it then too.
    private static FlowAttribution RestoredAllowed(FlowAttribution fresh, AttributionOutcome was, long wasRevision) => was switch
    {
        AttributionOutcome.Unexplained or AttributionOutcome.AuthRequired => fresh with { Outcome = was },
        AttributionOutcome.Resolved => fresh with
        {
            Outcome = AttributionOutcome.Resolved,
            LikelyCauses = [],
            Notes = [FormattableString.Invariant($"resolved before the restart (policy revision {wasRevision}); allowed by revision {fresh.PolicyRevision}, no denial seen since")],
        },
        _ => fresh with
        {
            Outcome = AttributionOutcome.Resolved,
            LikelyCauses = [],
            Notes = [FormattableString.Invariant($"resolved: {(was == AttributionOutcome.NotEnforced ? "flagged not-enforced" : "denied")} under policy revision {wasRevision} before the restart; allowed by revision {fresh.PolicyRevision}, no denial seen since")],
        },
    };

    private void Remember(Endpoint endpoint)
    {
        if (endpoint.IsPod && _seenEndpoints.Count < _options.MaxReplayItems)
        {
            _seenEndpoints.TryAdd(endpoint.Labels, endpoint);
        }
    }

    // Label sets compare by content with a cached hash; only DNS names need joining (rare, external peers).
    private readonly record struct ReplayKey(
        LabelSet Subject, LabelSet Peer, System.Net.IPAddress? PeerAddress, string PeerNames, Policies.TrafficDirection Direction, Ports.Protocol Protocol, int Port)
    {
        public static ReplayKey Of(ReplayItem item) => new(
            item.Subject.Labels,
            item.Peer.Labels,
            item.Peer.Address,
            item.Peer.DnsNamesKey ?? string.Empty,
            item.Direction,
            item.Protocol,
            item.Port);
    }
}
