using System.Net;
using System.Net.Sockets;
using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// Turns aggregated default-deny traffic into minimal additive allow policies, one per subject workload and
/// direction. Peers are selected by stable labels only, ports are exactly the observed ones (merged into ranges);
/// the only widenings are TCP 53 beside UDP 53 for DNS and, in Cilium format, the DNS-proxy rule toFQDNs needs.
/// Traffic a suggestion cannot fix (deny rules, unexplained, entities NetworkPolicy cannot express) is listed with
/// the reason instead.
/// </summary>
public static class SuggestionEngine
{
    private const int DnsPort = 53;

    private static readonly IReadOnlyDictionary<string, string> KubeDnsLabels =
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["k8s-app"] = "kube-dns" };

    public static SuggestionSet Suggest(IEnumerable<AggregateEntry> entries, SuggestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new SuggestionOptions();
        var notSuggested = new List<NotSuggested>();
        var groups = new SortedDictionary<(string Namespace, string Workload, TrafficDirection Direction), PolicyBuilder>();
        var all = entries.OrderBy(e => e.Key).ToList();
        var lateral = LateralMoves.Find(all);
        var leftOut = new HashSet<ConnectionRef>();

        foreach (var entry in all)
        {
            if (ReasonNotFixable(entry) is { } reason)
            {
                notSuggested.Add(new NotSuggested(entry.Key, reason));
                continue;
            }

            var subject = entry.Subject;
            var subjectLabels = StableLabels.Of(subject.Labels);
            if (subjectLabels.Count == 0)
            {
                notSuggested.Add(new NotSuggested(entry.Key, "the subject pod has no stable labels to select it by"));
                continue;
            }

            if (options.Format == SuggestionFormat.NetworkPolicy && entry.Key.Protocol.IsIcmp())
            {
                notSuggested.Add(new NotSuggested(entry.Key, "NetworkPolicy cannot allow ICMP; use --suggest cilium"));
                continue;
            }

            var peers = PeersFor(entry, options, out var peerReason);
            if (peers.Count == 0)
            {
                notSuggested.Add(new NotSuggested(entry.Key, peerReason ?? "no precise peer can be derived"));
                continue;
            }

            var reviews = lateral.GetValueOrDefault(ConnectionRef.Of(entry)) ?? [];
            if (options.Safe && reviews.Count > 0)
            {
                notSuggested.Add(new NotSuggested(entry.Key, $"left out by --suggest-safe: review: {string.Join("; ", reviews)}"));
                leftOut.Add(ConnectionRef.Of(entry));
                continue;
            }

            var ns = subject.Namespace ?? string.Empty;
            var namespaceWide = IsDns(entry.Key) && entry.Peer.IsPod && options.EgressIsolatedNamespaces.Contains(ns);
            var workload = namespaceWide ? string.Empty : WorkloadIdentity.NameOf(subject); // no workload has an empty name
            var groupKey = (ns, workload, entry.Key.Direction);
            if (!groups.TryGetValue(groupKey, out var builder))
            {
                groups[groupKey] = builder = namespaceWide
                    ? new PolicyBuilder(ns, workload, entry.Key.Direction, new SortedDictionary<string, string>(StringComparer.Ordinal)) { NamespaceWide = true, Name = NamespaceDnsPolicy }
                    : new PolicyBuilder(ns, workload, entry.Key.Direction, subjectLabels);
            }

            builder.Add(entry.Key, peers, reviews);
        }

        var policies = groups.Values.Select(b => b.Build(options.Format)).OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        return new SuggestionSet(policies, notSuggested) { LeftOut = leftOut };
    }

    /// <summary>The name of the namespace-wide DNS policy.</summary>
    public const string NamespaceDnsPolicy = "flowauditor-allow-dns";

    private static string? ReasonNotFixable(AggregateEntry entry) => entry.Attribution.Outcome switch
    {
        AttributionOutcome.DefaultDeny => entry.Subject.IsPod ? null : "the subject is not a pod; only pods are policy subjects here",
        AttributionOutcome.DenyRule =>
            $"denied by a deny rule ({string.Join(", ", entry.Attribution.Verdict.Denials.Where(d => d.Reason == Evaluation.DenialReason.DenyRule).Select(d => $"{d.Policy} rule #{d.Rule}"))}): an allow rule cannot override a deny; narrow or remove the deny rule",
        AttributionOutcome.AuthRequired => "already allowed by policy but requires mutual authentication; an allow rule will not help",
        AttributionOutcome.Resolved => "resolved: the current policies allow it and no denial was seen since they changed",
        AttributionOutcome.NotEnforced => "forwarded although the loaded policies deny it (not enforced); no change suggested",
        _ => "unexplained: the loaded policies already allow it, so an allow rule would change nothing; see likely causes",
    };

    private static List<(SuggestedPeer Peer, IReadOnlyList<(Protocol, int)> Ports, bool DnsProxy, string? Widening)> PeersFor(
        AggregateEntry entry, SuggestionOptions options, out string? reason)
    {
        reason = null;
        var peer = entry.Peer;
        var key = entry.Key;
        var observed = new List<(Protocol, int)> { (key.Protocol, key.Port) };
        var result = new List<(SuggestedPeer, IReadOnlyList<(Protocol, int)>, bool, string?)>();
        switch (peer.Kind)
        {
            case EndpointKind.Pod:
                var labels = StableLabels.Of(peer.Labels);
                if (labels.Count == 0)
                {
                    reason = "the peer pod has no stable labels to select it by";
                    break;
                }

                var ns = peer.Namespace ?? string.Empty;
                var samePeer = new SuggestedPodPeer(ns, string.Equals(ns, entry.Subject.Namespace, StringComparison.Ordinal), labels);
                if (IsDns(key))
                {
                    result.Add((samePeer, [(Protocol.UDP, DnsPort), (Protocol.TCP, DnsPort)], false, "TCP and UDP 53: DNS falls back to TCP for large answers"));
                }
                else
                {
                    result.Add((samePeer, observed, false, null));
                }

                break;

            case EndpointKind.World when peer.DnsNames.Count > 0 && options.Format == SuggestionFormat.Cilium && key.Direction == TrafficDirection.Egress:
                result.Add((new SuggestedFqdnPeer(key.Peer), observed, false, null));
                result.Add((new SuggestedPodPeer("kube-system", false, KubeDnsLabels), [(Protocol.UDP, DnsPort), (Protocol.TCP, DnsPort)], true,
                    "toFQDNs needs DNS through Cilium's proxy to learn the names' addresses"));
                break;

            case EndpointKind.World when entry.PeerAddresses.Count > 0:
                foreach (var address in entry.PeerAddresses)
                {
                    result.Add((new SuggestedCidrPeer(Cidr(IPAddress.Parse(address), options.CidrPrefix)), observed, false, null));
                }

                break;

            case EndpointKind.World:
                reason = "the external peer's address is unknown; allowing all of world would be broader than observed";
                break;

            default:
                var entity = Entities.ReservedName(peer.Kind);
                if (options.Format == SuggestionFormat.Cilium)
                {
                    result.Add((new SuggestedEntityPeer(entity), observed, false, null));
                }
                else
                {
                    reason = $"NetworkPolicy cannot select the '{entity}' entity; use --suggest cilium";
                }

                break;
        }

        return result;
    }

    private static bool IsDns(AggregateKey key) =>
        key.Direction == TrafficDirection.Egress && key.Port == DnsPort && key.Protocol is Protocol.UDP or Protocol.TCP;

    private static string Cidr(IPAddress address, int? prefix)
    {
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = address.AddressFamily == AddressFamily.InterNetwork && prefix is { } p ? Math.Clamp(p, 8, 32) : max;
        return new IPNetwork(IpPrefix.Mask(address, length), length).ToString();
    }

    private sealed class PolicyBuilder(string ns, string workload, TrafficDirection direction, IReadOnlyDictionary<string, string> subjectLabels)
    {
        private readonly Dictionary<string, (SuggestedPeer Peer, HashSet<(Protocol, int)> Ports, bool DnsProxy, string? Widening)> _peers = new(StringComparer.Ordinal);
        private readonly List<AggregateKey> _covers = [];
        private readonly Dictionary<string, SortedSet<string>> _reviews = new(StringComparer.Ordinal);

        public bool NamespaceWide { get; init; }

        public string? Name { get; init; }

        public void Add(AggregateKey key, IEnumerable<(SuggestedPeer Peer, IReadOnlyList<(Protocol, int)> Ports, bool DnsProxy, string? Widening)> peers, IReadOnlyList<string> reviews)
        {
            _covers.Add(key);
            foreach (var (peer, ports, dnsProxy, widening) in peers)
            {
                var sortKey = peer.SortKey + (dnsProxy ? "|dns" : string.Empty);
                if (!_peers.TryGetValue(sortKey, out var existing))
                {
                    _peers[sortKey] = existing = (peer, [], dnsProxy, widening);
                    _reviews[sortKey] = new SortedSet<string>(StringComparer.Ordinal);
                }

                existing.Ports.UnionWith(ports);
                _reviews[sortKey].UnionWith(reviews);
            }
        }

        public SuggestedPolicy Build(SuggestionFormat format) => new(
            Name ?? PolicyNames.AllowPolicy(workload, direction),
            ns,
            format,
            direction,
            workload,
            subjectLabels,
            [.. _peers.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new SuggestedRule(kv.Value.Peer, PortRanges.Merge(kv.Value.Ports))
                {
                    DnsProxy = kv.Value.DnsProxy,
                    Widening = kv.Value.Widening,
                    Reviews = [.. _reviews[kv.Key]],
                })])
        {
            Covers = _covers,
            NamespaceWide = NamespaceWide,
        };
    }
}
