using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Suggestions;

/// <summary>
/// Proves suggestions: every observed denied connection they were made for must be allowed by the policy set plus
/// the suggestions. Also measures breadth and warns when a suggestion's subject selector reaches other workloads.
/// </summary>
public static class SuggestionVerifier
{
    public static VerificationResult Verify(
        PolicySet current,
        IReadOnlyList<SuggestedPolicy> suggestions,
        IReadOnlyList<ReplayItem> observed,
        IEnumerable<Endpoint> knownEndpoints,
        EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(suggestions);
        ArgumentNullException.ThrowIfNull(observed);
        var translated = suggestions.Select(SuggestionTranslator.ToPolicy).ToList();
        var before = new PolicyEvaluator(current, options);
        var after = new PolicyEvaluator(current.With(translated, current.Revision + 1), options);

        // A connection needs both ends: replay each as a whole (the side that is not a pod always allows).
        var stillDenied = observed.Where(o => !Connection(after, o).Allowed).ToList();
        var known = knownEndpoints.Where(e => e.IsPod).GroupBy(WorkloadIdentity.Of).Select(g => g.First()).ToList();

        var warnings = new List<string>();
        long allowed = 0;
        var observedCombinations = 0;
        for (var i = 0; i < suggestions.Count; i++)
        {
            var suggestion = suggestions[i];
            var policy = translated[i];
            observedCombinations += suggestion.Covers.Count;
            // The translator emits rule k from suggestion.Rules[k], one peer each.
            var translatedRules = policy.Allows(suggestion.Direction);
            for (var r = 0; r < suggestion.Rules.Count; r++)
            {
                allowed += PeerCount(translatedRules[r].Peers[0], known) * suggestion.Rules[r].Ports.Sum(p => (long)p.Count);
            }

            // A namespace-wide policy is only suggested where every pod is isolated already: it reaches others on purpose.
            foreach (var other in known.Where(e => !suggestion.NamespaceWide && policy.Subject.Matches(e.Labels) && WorkloadIdentity.NameOf(e) != suggestion.Workload))
            {
                var wasIsolated = before.PoliciesSelecting(other, suggestion.Direction).Any(p => p.Isolates(suggestion.Direction));
                warnings.Add(wasIsolated
                    ? $"{suggestion.Namespace}/{suggestion.Name} also selects {WorkloadIdentity.Of(other)} (same stable labels)"
                    : $"{suggestion.Namespace}/{suggestion.Name} would newly isolate {WorkloadIdentity.Of(other)} for {suggestion.Direction.ToString().ToLowerInvariant()}: its other traffic in that direction would be denied");
            }
        }

        return new VerificationResult(observed.Count, observed.Count - stillDenied.Count, stillDenied)
        {
            ObservedCombinations = observedCombinations,
            AllowedCombinations = allowed,
            Warnings = warnings,
        };
    }

    private static ConnectionVerdict Connection(PolicyEvaluator evaluator, ReplayItem item) => item.Direction == TrafficDirection.Egress
        ? evaluator.Evaluate(item.Subject, item.Peer, item.Protocol, item.Port)
        : evaluator.Evaluate(item.Peer, item.Subject, item.Protocol, item.Port);

    // Pods: the known workloads the peer selector matches (at least the observed one); addresses: the block's size.
    private static long PeerCount(Peer peer, IReadOnlyList<Endpoint> known)
    {
        switch (peer)
        {
            case SelectorPeer selector:
                return Math.Max(1, known.Count(e => selector.Selector.Matches(e.Labels)));
            case CidrPeer cidr:
                var network = cidr.Block.Cidr;
                var hostBits = (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) - network.PrefixLength;
                return hostBits >= 62 ? long.MaxValue / 65536 : 1L << hostBits;
            default:
                return 1;
        }
    }
}
