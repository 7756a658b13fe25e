using System.Collections.Concurrent;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Attribution;

/// <summary>
/// Attributes DROPPED and AUDIT flows (and checks forwarded new connections) against one policy snapshot.
/// Verdicts are cached by (subject identity, peer identity, direction, protocol, port); a new snapshot gets a new
/// attributor, so the cache is keyed on the snapshot by construction.
/// </summary>
public sealed class FlowAttributor
{
    private const int MaxCacheEntries = 100_000;

    private static readonly TrafficDirection[] IngressOnly = [TrafficDirection.Ingress];
    private static readonly TrafficDirection[] EgressOnly = [TrafficDirection.Egress];
    private static readonly TrafficDirection[] BothDirections = [TrafficDirection.Egress, TrafficDirection.Ingress];

    private readonly PolicyEvaluator _evaluator;
    private readonly ClusterModel _cluster;
    private readonly ConcurrentDictionary<VerdictKey, DirectionVerdict> _cache = new();

    public FlowAttributor(PolicyEvaluator evaluator, ClusterModel? cluster = null)
    {
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
        _cluster = cluster ?? ClusterModel.Empty;
    }

    public long Revision => _evaluator.PolicySet.Revision;

    /// <summary>
    /// Attributes a flow, or returns null for flows that carry no policy decision to explain (non-policy drops,
    /// replies, traces of established connections, flows without L4).
    /// </summary>
    public FlowAttribution? Attribute(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var flowClass = FlowClassifier.Classify(flow);
        if (flow.Protocol is not { } protocol)
        {
            return null;
        }

        if (flowClass.IsPolicyDenial())
        {
            return AttributeDenial(flow, flowClass, protocol);
        }

        if (flowClass == FlowClass.Forwarded && FlowClassifier.IsNewConnectionDecision(flow))
        {
            return CheckForwarded(flow, protocol);
        }

        return null;
    }

    /// <summary>
    /// Attributes a stored observation (no Hubble verdict at hand): denied by our evaluation gives DefaultDeny or
    /// DenyRule; allowed gives Unexplained, since it was stored because Hubble denied it.
    /// </summary>
    public FlowAttribution Reattribute(Endpoint subject, Endpoint peer, TrafficDirection direction, Protocol protocol, int port)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(peer);
        var (enrichedSubject, enrichedPeer) = (Enrich(subject), Enrich(peer));
        var verdict = Verdict(enrichedSubject, enrichedPeer, direction, protocol, port);
        var outcome = verdict.Allowed
            ? AttributionOutcome.Unexplained
            : verdict.Denials.Any(d => d.Reason == DenialReason.DenyRule) ? AttributionOutcome.DenyRule : AttributionOutcome.DefaultDeny;
        return new FlowAttribution(outcome, direction, enrichedSubject, enrichedPeer, verdict)
        {
            PolicyRevision = Revision,
            LikelyCauses = outcome == AttributionOutcome.Unexplained
                ? ["restored from durable state and now allowed by the loaded policies: fixed since, or policy not loaded"]
                : [],
        };
    }

    private FlowAttribution AttributeDenial(FlowRecord flow, FlowClass flowClass, Protocol protocol)
    {
        var source = Enrich(flow.Source);
        var destination = Enrich(flow.Destination);
        var direction = flow.Direction switch
        {
            FlowDirection.Ingress => TrafficDirection.Ingress,
            FlowDirection.Egress => TrafficDirection.Egress,
            // Unknown: pick the side our evaluation denies, egress first (where a drop happens first).
            _ => Verdict(source, destination, TrafficDirection.Egress, protocol, flow.DestinationPort).Allowed
                ? TrafficDirection.Ingress
                : TrafficDirection.Egress,
        };
        var (subject, peer) = direction == TrafficDirection.Egress ? (source, destination) : (destination, source);
        var verdict = Verdict(subject, peer, direction, protocol, flow.DestinationPort);
        AttributionOutcome? ours = verdict.Allowed ? null : verdict.Denials.Any(d => d.Reason == DenialReason.DenyRule) ? AttributionOutcome.DenyRule : AttributionOutcome.DefaultDeny;
        var notes = CrossCheck(flow, direction, verdict);

        var outcome = (flowClass, ours) switch
        {
            (FlowClass.AuthRequired, null) => AttributionOutcome.AuthRequired,
            (_, null) => AttributionOutcome.Unexplained,
            (FlowClass.PolicyDeny, AttributionOutcome.DefaultDeny) => AttributionOutcome.Unexplained,
            (FlowClass.PolicyDenied, AttributionOutcome.DenyRule) => AttributionOutcome.Unexplained,
            (FlowClass.AuthRequired, _) => AttributionOutcome.Unexplained,
            (_, { } agreed) => agreed,
        };

        if (outcome == AttributionOutcome.Unexplained && flow.Direction == FlowDirection.Unknown)
        {
            notes = [.. notes, "Hubble did not report the traffic direction; FlowAuditor chose " + direction.ToString().ToLowerInvariant()];
        }

        return new FlowAttribution(outcome, direction, subject, peer, verdict)
        {
            PolicyRevision = Revision,
            Notes = notes,
            LikelyCauses = outcome == AttributionOutcome.Unexplained ? LikelyCauses(flow, flowClass, direction, subject, peer, verdict) : [],
        };
    }

    private FlowAttribution? CheckForwarded(FlowRecord flow, Protocol protocol)
    {
        var source = Enrich(flow.Source);
        var destination = Enrich(flow.Destination);
        var directions = flow.Direction switch
        {
            FlowDirection.Ingress => IngressOnly,
            FlowDirection.Egress => EgressOnly,
            _ => BothDirections,
        };

        FlowAttribution? consistent = null;
        foreach (var direction in directions)
        {
            var (subject, peer) = direction == TrafficDirection.Egress ? (source, destination) : (destination, source);
            var verdict = Verdict(subject, peer, direction, protocol, flow.DestinationPort);
            if (!verdict.Allowed)
            {
                var causes = new List<string>();
                var hubbleAllowed = flow.AllowedBy(direction);
                if (hubbleAllowed.Count > 0)
                {
                    causes.Add($"Hubble reports it allowed by {Names(hubbleAllowed)}, which the loaded policies do not match: policy not loaded or changed since");
                }

                causes.Add("the network plugin or agent does not enforce these policies (not installed, policy enforcement disabled, or the endpoint is not managed)");
                causes.Add("the loaded policies are newer than the traffic");
                return new FlowAttribution(AttributionOutcome.NotEnforced, direction, subject, peer, verdict) { LikelyCauses = causes, PolicyRevision = Revision };
            }

            consistent ??= new FlowAttribution(AttributionOutcome.Consistent, direction, subject, peer, verdict) { PolicyRevision = Revision };
        }

        return consistent!;
    }

    private static IReadOnlyList<string> CrossCheck(FlowRecord flow, TrafficDirection direction, DirectionVerdict verdict)
    {
        var hubbleDenied = flow.DeniedBy(direction);
        if (hubbleDenied.Count == 0)
        {
            return []; // the common case: nothing to compare, nothing allocated
        }

        var notes = new List<string>();

        var ours = verdict.Denials.Where(d => d.Reason == DenialReason.DenyRule).Select(d => d.Policy.QualifiedName).ToHashSet(StringComparer.Ordinal);
        var theirs = hubbleDenied.Select(p => p.QualifiedName).ToHashSet(StringComparer.Ordinal);
        notes.Add(ours.SetEquals(theirs)
            ? $"Hubble agrees: denied by {Names(hubbleDenied)}"
            : $"Hubble reports denied by {Names(hubbleDenied)}; FlowAuditor's deny rules: {(ours.Count == 0 ? "none" : string.Join(", ", ours.Order(StringComparer.Ordinal)))}");
        return notes;
    }

    private List<string> LikelyCauses(
        FlowRecord flow, FlowClass flowClass, TrafficDirection direction, Endpoint subject, Endpoint peer, DirectionVerdict verdict)
    {
        var causes = new List<string>();
        if (!subject.IsPod || !peer.IsPod)
        {
            var other = !subject.IsPod ? subject : peer;
            if (other.Kind is not EndpointKind.World)
            {
                causes.Add($"host or node traffic ({Entities.ReservedName(other.Kind)}): host firewall and node policies are not evaluated");
            }
        }

        if (flowClass == FlowClass.PolicyDeny && !verdict.Denials.Any(d => d.Reason == DenialReason.DenyRule))
        {
            causes.Add(flow.DeniedBy(direction).Count > 0
                ? $"Hubble reports the deny rule of {Names(flow.DeniedBy(direction))}, which the loaded policies do not match: policy not loaded or changed since"
                : "Hubble reports a deny rule (POLICY_DENY) but no loaded deny rule matches: policy not loaded or changed since");
        }

        if (flowClass == FlowClass.AuthRequired)
        {
            causes.Add("the allowing rule requires mutual authentication (authentication.mode: required) and the peer did not authenticate");
        }

        foreach (var note in verdict.NotEvaluated)
        {
            causes.Add("policy not evaluated: " + note);
        }

        var policies = _evaluator.PoliciesSelecting(subject, direction);
        var destination = direction == TrafficDirection.Ingress ? subject : peer;
        if (destination.NamedPorts.Count == 0 && policies.Any(p => p.Allows(direction).Any(r => r.Ports.Any(port => port.IsNamed))))
        {
            causes.Add("named port not resolvable: the destination pod's container ports are unknown (pod not in the loaded manifests)");
        }

        var unsupported = policies.SelectMany(p => p.Allows(direction).Concat(p.Denies(direction))).SelectMany(r => r.Unsupported).Distinct().ToList();
        if (unsupported.Count > 0)
        {
            causes.Add("unsupported construct: " + string.Join("; ", unsupported));
        }

        if (!HasNamespaceLabels(subject) || (peer.IsPod && !HasNamespaceLabels(peer)))
        {
            causes.Add("the flow's labels carry no namespace labels, so namespaceSelector rules cannot match (trimmed capture?)");
        }

        causes.Add("policy not loaded, or changed since the flow was observed");
        return causes;
    }

    private static bool HasNamespaceLabels(Endpoint endpoint) =>
        !endpoint.IsPod || endpoint.Labels.Any(l => l.Key.StartsWith(LabelSources.NamespaceLabelPrefix, StringComparison.Ordinal));

    private static string Names(IEnumerable<PolicyRef> refs) => string.Join(", ", refs.Select(r => r.ToString()));

    private DirectionVerdict Verdict(Endpoint subject, Endpoint peer, TrafficDirection direction, Protocol protocol, int port)
    {
        var destination = direction == TrafficDirection.Ingress ? subject : peer;
        var key = new VerdictKey(
            subject.Labels,
            peer.Labels,
            peer.IsPod ? null : peer.Address,
            peer.DnsNamesKey,
            peer.Service,
            destination.NamedPorts,
            direction,
            protocol,
            port);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_cache.Count >= MaxCacheEntries)
        {
            _cache.Clear();
        }

        var verdict = _evaluator.EvaluateDirection(subject, peer, direction, protocol, port);
        _cache.TryAdd(key, verdict);
        return verdict;
    }

    // Flows do not carry container ports (nor, for remote pods, workloads); the cluster model (manifests or the pod
    // watcher) may.
    private Endpoint Enrich(Endpoint endpoint)
    {
        if (!endpoint.IsPod || endpoint.Namespace is not { } ns || endpoint.Name is not { } name || _cluster.FindPod(ns, name) is not { } known)
        {
            return endpoint;
        }

        var enriched = endpoint.NamedPorts.Count == 0 && known.NamedPorts.Count > 0 ? endpoint.WithNamedPorts(known.NamedPorts) : endpoint;
        return enriched.Workload is null && known.Workload is { } workload ? enriched.WithWorkload(workload) : enriched;
    }

    private readonly record struct VerdictKey(
        LabelSet Subject,
        LabelSet Peer,
        System.Net.IPAddress? PeerAddress,
        string? PeerNames,
        ServiceRef? PeerService,
        IReadOnlyList<NamedPort> DestinationPorts,
        TrafficDirection Direction,
        Protocol Protocol,
        int Port);
}
