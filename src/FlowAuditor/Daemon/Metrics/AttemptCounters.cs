using System.Runtime.CompilerServices;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using Prometheus;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// The counter children a new connection attempt increments (denied connections and one per denying policy,
/// unexplained, not enforced), resolved once per (subject, direction, outcome, verdict kind, policy verdict) and
/// kept: counting an attempt is then one hash lookup, with no label strings, workload names or LINQ per attempt.
/// The verdict is keyed by reference (the attributor's cache hands out one instance per key and snapshot), so a new
/// snapshot never reuses a child resolved under the old one; <see cref="Clear"/> drops them all when series are
/// removed. Bounded: past <see cref="MaxEntries"/> the cache starts over. Not thread-safe (the ingest lock guards it).
/// </summary>
internal sealed class AttemptCounters(DaemonMetrics metrics, int maxEntries = AttemptCounters.DefaultMaxEntries)
{
    public const int DefaultMaxEntries = 20_000;
    private readonly Dictionary<Key, Counter.Child[]> _children = [];

    public int MaxEntries => maxEntries;

    /// <summary>Counts one new attempt; returns true when it was a denial (for the timeline).</summary>
    public bool Count(FlowAttribution attribution, bool audit)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        if (attribution.Outcome is not (AttributionOutcome.DefaultDeny or AttributionOutcome.DenyRule or AttributionOutcome.Unexplained or AttributionOutcome.NotEnforced))
        {
            return false;
        }

        var key = Key.Of(attribution, audit);
        if (!_children.TryGetValue(key, out var children))
        {
            children = Resolve(attribution, audit);
            if (maxEntries > 0)
            {
                if (_children.Count >= maxEntries)
                {
                    _children.Clear();
                }

                _children[key] = children;
            }
        }

        foreach (var child in children)
        {
            child.Inc();
        }

        return attribution.Outcome is AttributionOutcome.DefaultDeny or AttributionOutcome.DenyRule;
    }

    /// <summary>Forgets every resolved child (after series were removed, so none is incremented unexported).</summary>
    public void Clear() => _children.Clear();

    private Counter.Child[] Resolve(FlowAttribution attribution, bool audit)
    {
        var ns = metrics.Namespaces.Admit(attribution.Subject.Namespace ?? string.Empty);
        var direction = attribution.Direction.ToString().ToLowerInvariant();
        if (attribution.Outcome == AttributionOutcome.Unexplained)
        {
            return [metrics.Unexplained.WithLabels(ns, direction)];
        }

        if (attribution.Outcome == AttributionOutcome.NotEnforced)
        {
            return [metrics.NotEnforced.WithLabels(ns, direction)];
        }

        var workload = metrics.Workloads.Admit(Core.Aggregation.WorkloadIdentity.NameOf(attribution.Subject));
        var verdict = audit ? "audit" : "dropped";
        var reason = Reporting.AttributionText.Outcome(attribution.Outcome);
        var children = new List<Counter.Child> { metrics.DeniedConnections.WithLabels(ns, workload, direction, verdict, reason) };
        foreach (var policy in DenyingPolicies(attribution))
        {
            children.Add(metrics.PolicyDenials.WithLabels(ns, workload, direction, verdict, metrics.PolicyNames.Admit(policy.QualifiedName), policy.Kind.ToString(), reason));
        }

        return [.. children];
    }

    /// <summary>
    /// The policies a denied connection is counted against, each once: the deny rules' policies, or every policy that
    /// isolates the subject (any of them could admit it).
    /// </summary>
    private static IEnumerable<PolicyRef> DenyingPolicies(FlowAttribution attribution) =>
        (attribution.Outcome == AttributionOutcome.DenyRule
            ? attribution.Verdict.Denials.Where(d => d.Reason == DenialReason.DenyRule).Select(d => d.Policy)
            : attribution.Verdict.IsolatedBy).Distinct();

    // What the labels are made of: the subject's namespace and workload name (from its workload, labels or name),
    // the direction, outcome and verdict kind, and the policies (from the verdict, by reference).
    private readonly struct Key(
        LabelSet labels, WorkloadRef? workload, string? ns, string? name, TrafficDirection direction, AttributionOutcome outcome, bool audit, DirectionVerdict verdict)
        : IEquatable<Key>
    {
        private readonly LabelSet _labels = labels;
        private readonly WorkloadRef? _workload = workload;
        private readonly string? _namespace = ns;
        private readonly string? _name = name;
        private readonly TrafficDirection _direction = direction;
        private readonly AttributionOutcome _outcome = outcome;
        private readonly bool _audit = audit;
        private readonly DirectionVerdict _verdict = verdict;

        public static Key Of(FlowAttribution attribution, bool audit)
        {
            var subject = attribution.Subject;
            return new Key(subject.Labels, subject.Workload, subject.Namespace, subject.Name, attribution.Direction, attribution.Outcome, audit, attribution.Verdict);
        }

        public bool Equals(Key other) =>
            ReferenceEquals(_verdict, other._verdict) && _direction == other._direction && _outcome == other._outcome && _audit == other._audit
            && string.Equals(_namespace, other._namespace, StringComparison.Ordinal) && string.Equals(_name, other._name, StringComparison.Ordinal)
            && Equals(_workload, other._workload) && _labels.Equals(other._labels);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(_verdict), _labels, _workload, _namespace, _name, _direction, _outcome, _audit);
    }
}
