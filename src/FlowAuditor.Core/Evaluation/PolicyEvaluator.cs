using System.Collections.Concurrent;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation.Compiled;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// Decides connections against a <see cref="PolicySet"/> as Cilium enforces it, and explains the decision.
/// <list type="bullet">
/// <item>A connection needs the source's egress and the destination's ingress.</item>
/// <item>A direction is isolated once any policy selecting the subject isolates it; allowed traffic is then the
/// union of the allow rules of every policy selecting the subject.</item>
/// <item>A matching deny rule wins over any allow.</item>
/// <item>External addresses and reserved entities are not policy subjects: their side always allows.</item>
/// </list>
/// Thread-safe. Per-identity work (which selectors select it, which policies apply to it) is computed once and cached.
/// </summary>
public sealed class PolicyEvaluator
{
    private const int MaxCachedIdentities = 200_000;

    // What policy-default-local-cluster adds (k8s:io.cilium.k8s.policy.cluster=<local>) reduced to what it means here:
    // a Cilium-managed pod. Remote clusters of a cluster mesh are not modelled.
    private static readonly SelectorRequirement LocalClusterPods = new(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists);

    private readonly CompiledPolicy[] _policies;
    private readonly LabelSelector[] _selectors;
    private readonly NamespaceIndex<int> _selectorIndex;
    private readonly NamespaceIndex<CompiledPolicy> _subjectIndex;
    private readonly ConcurrentDictionary<LabelSet, IdentityRow> _rows = new();

    public PolicyEvaluator(PolicySet policies, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        PolicySet = policies;
        Options = options ?? EvaluationOptions.Cilium;

        var selectorIds = new Dictionary<LabelSelector, int>();
        var localClusterOnly = Options.PolicyDefaultLocalCluster;
        int IdOf(SelectorPeer peer)
        {
            var selector = localClusterOnly && peer.LocalClusterByDefault ? peer.Selector.And([LocalClusterPods]) : peer.Selector;
            return selectorIds.TryGetValue(selector, out var id) ? id : selectorIds[selector] = selectorIds.Count;
        }

        int[] IdsOf(PolicyRule rule) => [.. rule.Peers.OfType<SelectorPeer>().Select(IdOf)];
        var clusterPorts = Options.EgressNamedPorts == EgressNamedPorts.ClusterWide ? policies.NamedPorts : null;
        CompiledRule[] Compile(Policy policy, IReadOnlyList<PolicyRule> rules) =>
            [.. rules.Select(r => new CompiledRule(policy, r, IdsOf(r), r.Direction == TrafficDirection.Egress ? clusterPorts : null))];

        _policies = [.. policies.Policies
            .Where(p => p.NotEvaluatedReason is null)
            .Select(p => new CompiledPolicy(p, Compile(p, p.Ingress), Compile(p, p.Egress), Compile(p, p.IngressDeny), Compile(p, p.EgressDeny)))];
        _selectors = [.. selectorIds.OrderBy(kv => kv.Value).Select(kv => kv.Key)];
        _selectorIndex = new NamespaceIndex<int>(_selectors.Select((s, i) => (s, i)));
        _subjectIndex = new NamespaceIndex<CompiledPolicy>(_policies.Select(p => (p.Policy.Subject, p)));
        NotEvaluated = [.. policies.Policies.Where(p => p.NotEvaluatedReason is not null)];
    }

    public PolicySet PolicySet { get; }

    private const string AllowLocalhostReason = "allow-localhost=always (ingress from the local host to every pod)";

    public EvaluationOptions Options { get; }

    /// <summary>Policies loaded but not evaluated (reported, never silently ignored).</summary>
    public IReadOnlyList<Policy> NotEvaluated { get; }

    /// <summary>Verdict only: the fast path.</summary>
    public bool IsAllowed(Endpoint source, Endpoint destination, Protocol protocol, int port)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sourceRow = Row(source.Labels);
        var destinationRow = Row(destination.Labels);
        return DirectionAllows(source, sourceRow, destination, destinationRow, TrafficDirection.Egress, protocol, port, destination)
            && DirectionAllows(destination, destinationRow, source, sourceRow, TrafficDirection.Ingress, protocol, port, destination);
    }

    /// <summary>Both directions with full attribution.</summary>
    public ConnectionVerdict Evaluate(Endpoint source, Endpoint destination, Protocol protocol, int port) =>
        new(
            EvaluateDirection(source, destination, TrafficDirection.Egress, protocol, port),
            EvaluateDirection(destination, source, TrafficDirection.Ingress, protocol, port));

    /// <summary>
    /// One direction with attribution. <paramref name="subject"/> is the local side: the source for egress, the
    /// destination for ingress.
    /// </summary>
    public DirectionVerdict EvaluateDirection(Endpoint subject, Endpoint peer, TrafficDirection direction, Protocol protocol, int port)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(peer);
        if (!subject.IsPod)
        {
            return new DirectionVerdict(direction, Allowed: true) { Applies = false };
        }

        var destination = direction == TrafficDirection.Ingress ? subject : peer;
        var subjectRow = Row(subject.Labels);
        var peerRow = Row(peer.Labels);
        var denyHits = new List<RuleRef>();
        var isolatedBy = new List<PolicyRef>();
        var allowedBy = new List<RuleRef>();
        var applicable = subjectRow.SubjectOf(direction);

        foreach (var policy in applicable)
        {
            foreach (var rule in policy.Denies(direction))
            {
                if (rule.MatchesPeer(peer, peerRow, Options) && rule.AllowsPort(protocol, port, destination))
                {
                    denyHits.Add(rule.Ref);
                }
            }

            if (policy.Policy.Isolates(direction) && !isolatedBy.Contains(policy.Policy.Ref))
            {
                isolatedBy.Add(policy.Policy.Ref);
            }

            foreach (var rule in policy.Allows(direction))
            {
                if (rule.MatchesPeer(peer, peerRow, Options) && rule.AllowsPort(protocol, port, destination))
                {
                    allowedBy.Add(rule.Ref);
                }
            }
        }

        var notEvaluated = NotEvaluatedFor(subject);
        if (denyHits.Count > 0)
        {
            return new DirectionVerdict(direction, Allowed: false)
            {
                IsolatedBy = isolatedBy,
                Denials = [.. denyHits.Select(r => new Denial(r.Policy, r.Rule, DenialReason.DenyRule) { Spec = r.Spec })],
                NotEvaluated = notEvaluated,
            };
        }

        if (isolatedBy.Count == 0 || allowedBy.Count > 0)
        {
            return new DirectionVerdict(direction, Allowed: true) { IsolatedBy = isolatedBy, AllowedBy = allowedBy, NotEvaluated = notEvaluated };
        }

        if (HostAlwaysAllowed(direction, peer))
        {
            return new DirectionVerdict(direction, Allowed: true) { IsolatedBy = isolatedBy, AllowedByAgent = AllowLocalhostReason, NotEvaluated = notEvaluated };
        }

        return new DirectionVerdict(direction, Allowed: false)
        {
            IsolatedBy = isolatedBy,
            Denials = ExplainDefaultDeny(applicable, direction, peer, peerRow, protocol, port, destination),
            NotEvaluated = notEvaluated,
        };
    }

    /// <summary>The policies that select <paramref name="subject"/> and concern <paramref name="direction"/>.</summary>
    public IReadOnlyList<Policy> PoliciesSelecting(Endpoint subject, TrafficDirection direction)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.IsPod ? [.. Row(subject.Labels).SubjectOf(direction).Select(p => p.Policy)] : [];
    }

    // For each isolating policy: the rules that select the peer but not the port, or "no rule selects the peer".
    private List<Denial> ExplainDefaultDeny(
        CompiledPolicy[] applicable, TrafficDirection direction, Endpoint peer, IdentityRow peerRow, Protocol protocol, int port, Endpoint destination)
    {
        var denials = new List<Denial>();
        foreach (var policy in applicable)
        {
            if (!policy.Policy.Isolates(direction))
            {
                continue;
            }

            var rules = policy.Allows(direction);
            var before = denials.Count;
            foreach (var rule in rules)
            {
                if (rule.MatchesPeer(peer, peerRow, Options))
                {
                    var reason = rule.MatchesPort(protocol, port, destination) == PortMatchResult.NamedPortUnresolved
                        ? DenialReason.NamedPortUnresolved
                        : DenialReason.PortsMismatch;
                    denials.Add(new Denial(policy.Policy.Ref, rule.Rule.Index, reason) { Spec = policy.Policy.SpecIndex });
                }
            }

            if (denials.Count == before)
            {
                denials.Add(new Denial(policy.Policy.Ref, null, DenialReason.NoRuleSelectsPeer)
                {
                    Spec = policy.Policy.SpecIndex,
                    NoRulesDefined = rules.Length == 0,
                    PeerNearMisses = [.. rules
                        .Where(r => !r.MatchesAllPeers && r.AllowsPort(protocol, port, destination))
                        .Select(r => new PeerNearMiss(r.Rule.Index, [.. r.Rule.Peers.Select(p => p.Display)]))],
                });
            }
        }

        return denials;
    }

    private bool DirectionAllows(
        Endpoint subject, IdentityRow subjectRow, Endpoint peer, IdentityRow peerRow, TrafficDirection direction, Protocol protocol, int port, Endpoint destination)
    {
        if (!subject.IsPod)
        {
            return true;
        }

        var isolated = false;
        var allowed = false;
        foreach (var policy in subjectRow.SubjectOf(direction))
        {
            foreach (var rule in policy.Denies(direction))
            {
                if (rule.MatchesPeer(peer, peerRow, Options) && rule.AllowsPort(protocol, port, destination))
                {
                    return false;
                }
            }

            isolated |= policy.Policy.Isolates(direction);
            if (!allowed)
            {
                foreach (var rule in policy.Allows(direction))
                {
                    if (rule.MatchesPeer(peer, peerRow, Options) && rule.AllowsPort(protocol, port, destination))
                    {
                        allowed = true;
                        break;
                    }
                }
            }
        }

        return !isolated || allowed || HostAlwaysAllowed(direction, peer);
    }

    /// <summary>
    /// With <c>allow-localhost=always</c> (Kubernetes mode) the agent inserts an allow for ingress from the local host
    /// into every pod's policy map; deny rules still take precedence
    /// (<c>pkg/policy/mapstate.go</c> <c>determineAllowLocalhostIngress</c>):
    /// <code>
    /// spec: {endpointSelector: {}, ingress: [{fromEntities: [world]}]}   # kubelet probes from reserved:host still pass
    /// </code>
    /// </summary>
    private bool HostAlwaysAllowed(TrafficDirection direction, Endpoint peer) =>
        direction == TrafficDirection.Ingress && Options.AllowLocalhost == AllowLocalhost.Always && (peer.Entity & EntitySet.Host) != 0;

    private IReadOnlyList<string> NotEvaluatedFor(Endpoint subject) =>
        NotEvaluated.Count == 0 ? [] : [.. NotEvaluated.Where(p => p.Subject.Matches(subject.Labels)).Select(p => $"{p}: {p.NotEvaluatedReason}")];

    private IdentityRow Row(LabelSet labels)
    {
        if (_rows.TryGetValue(labels, out var row))
        {
            return row;
        }

        if (_rows.Count >= MaxCachedIdentities)
        {
            _rows.Clear();
        }

        return _rows.GetOrAdd(labels, BuildRow);
    }

    private IdentityRow BuildRow(LabelSet labels)
    {
        // Labels the agent's filter drops are not part of the identity (pkg/labelsfilter/filter.go).
        labels = Options.LabelFilter.Apply(labels);
        var bits = new ulong[(_selectors.Length + 63) / 64];
        foreach (var id in _selectorIndex.Candidates(labels))
        {
            if (_selectors[id].Matches(labels))
            {
                bits[id >> 6] |= 1UL << (id & 63);
            }
        }

        var selecting = _subjectIndex.Candidates(labels).Where(p => p.Policy.Subject.Matches(labels)).ToArray();
        return new IdentityRow(
            bits,
            [.. selecting.Where(p => p.Policy.Concerns(TrafficDirection.Ingress))],
            [.. selecting.Where(p => p.Policy.Concerns(TrafficDirection.Egress))]);
    }
}
