using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon;

/// <summary>
/// The daemon's live audit: the session the pipeline feeds, the policy snapshot in force, namespace readiness and
/// the latest suggestions. One lock guards the session; readers (HTTP, metrics, flushes) take consistent copies.
/// </summary>
internal sealed class AuditState
{
    private readonly Lock _lock = new();
    private readonly DaemonMetrics _metrics;
    private readonly EvaluationOptions _evaluation;
    private readonly AuditSession _session;
    private readonly FlowCounters _flowCounters;
    private PolicySet _policies = PolicySet.Empty;
    private ClusterModel _cluster = ClusterModel.Empty;
    private readonly TaskCompletionSource _policiesReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditState(DaemonOptions options, DaemonMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _evaluation = new EvaluationOptions { IpBlockMatchesPods = options.IpBlockMatchesPods };
        _session = new AuditSession(
            new FlowAttributor(new PolicyEvaluator(_policies, _evaluation)),
            new AuditOptions { ConnectionWindow = TimeSpan.FromSeconds(options.ConnectionWindowSeconds), MaxAggregates = options.MaxAggregates });
        Readiness = new NamespaceReadiness(time, TimeSpan.FromMinutes(options.EnforceQuietMinutes));
        _flowCounters = new FlowCounters(metrics.Flows);
    }

    public NamespaceReadiness Readiness { get; }

    /// <summary>True once a policy snapshot from a fully synced source was applied.</summary>
    public bool PoliciesReady { get; private set; }

    /// <summary>Completes when the first fully synced snapshot is applied (restoring state waits for it).</summary>
    public Task WhenPoliciesReady => _policiesReady.Task;

    /// <summary>
    /// Completes once stored observations are back (or there is no state store). Attribution starts after it, so live
    /// counts add to the restored ones rather than being overwritten by them.
    /// </summary>
    public Task WhenRestored => _restored.Task;

    public long PolicyRevision
    {
        get
        {
            lock (_lock)
            {
                return _policies.Revision;
            }
        }
    }

    /// <summary>Switches attribution to a new snapshot. Aggregated counts are kept; new flows use the new policies.</summary>
    public void ApplyPolicies(PolicySet policies, ClusterModel cluster, bool sourceReady)
    {
        ArgumentNullException.ThrowIfNull(policies);
        lock (_lock)
        {
            _policies = policies;
            _cluster = cluster;
            _session.UsePolicies(new FlowAttributor(new PolicyEvaluator(policies, _evaluation), cluster));
            PoliciesReady |= sourceReady;
        }

        if (sourceReady)
        {
            _policiesReady.TrySetResult();
        }

        foreach (var kind in Enum.GetValues<PolicyKind>())
        {
            _metrics.PoliciesLoaded.WithLabels(kind.ToString()).Set(policies.Count(kind));
        }

        _metrics.PolicyRevision.Set(policies.Revision);
        _metrics.PolicySourceReady.Set(PoliciesReady ? 1 : 0);
        PublishNamespacePolicies(policies, cluster);
    }

    public void Observe(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var flowClass = FlowClassifier.Classify(flow);
        _flowCounters.For(flow.Verdict, flow.Direction).Inc();
        if (flowClass == FlowClass.NonPolicyDrop)
        {
            _metrics.NonPolicyDrops.WithLabels(flow.DropReasonName ?? "unknown").Inc();
        }

        FlowAttribution? attribution;
        lock (_lock)
        {
            attribution = _session.Observe(flow);
        }

        Readiness.Seen(flow.Source.Namespace);
        Readiness.Seen(flow.Destination.Namespace);
        if (attribution is null)
        {
            return;
        }

        if (flowClass == FlowClass.Audit)
        {
            Readiness.Audited(attribution.Subject.Namespace);
        }

        Count(attribution, flowClass);
    }

    public AuditReport BuildReport(SuggestionOptions suggestionOptions)
    {
        lock (_lock)
        {
            return _session.BuildReport(_policies, _cluster, suggestionOptions, _evaluation);
        }
    }

    /// <summary>Recomputes the suggestions behind the pending-suggestions gauge.</summary>
    public SuggestionSet RefreshSuggestions()
    {
        var report = BuildReport(new SuggestionOptions());

        _metrics.PendingSuggestions.Unpublish();
        foreach (var ns in report.Suggestions.Policies.GroupBy(p => p.Namespace))
        {
            _metrics.PendingSuggestions.WithLabels(_metrics.Namespaces.Admit(ns.Key)).Set(ns.Count());
        }

        _metrics.AggregationOverflow.IncTo(report.OverflowConnections);
        return report.Suggestions;
    }

    public IReadOnlyList<PersistedObservation> Export()
    {
        lock (_lock)
        {
            return _session.Export();
        }
    }

    public void Restore(IEnumerable<PersistedObservation> observations)
    {
        lock (_lock)
        {
            _session.Restore(observations);
        }
    }

    /// <summary>Marks restoring done (also when there was nothing to restore, or it failed).</summary>
    public void RestoreCompleted() => _restored.TrySetResult();

    private void Count(FlowAttribution attribution, FlowClass flowClass)
    {
        var ns = _metrics.Namespaces.Admit(attribution.Subject.Namespace ?? string.Empty);
        var direction = attribution.Direction.ToString().ToLowerInvariant();
        switch (attribution.Outcome)
        {
            case AttributionOutcome.DefaultDeny or AttributionOutcome.DenyRule:
                var workload = _metrics.Workloads.Admit(Core.Aggregation.WorkloadIdentity.NameOf(attribution.Subject));
                var verdict = flowClass == FlowClass.Audit ? "audit" : "dropped";
                var reason = AttributionText.Outcome(attribution.Outcome);
                _metrics.DeniedConnections.WithLabels(ns, workload, direction, verdict, reason).Inc();
                foreach (var policy in DenyingPolicies(attribution))
                {
                    _metrics.PolicyDenials.WithLabels(ns, workload, direction, verdict, _metrics.PolicyNames.Admit(policy.QualifiedName), policy.Kind.ToString(), reason).Inc();
                }

                break;
            case AttributionOutcome.Unexplained:
                _metrics.Unexplained.WithLabels(ns, direction).Inc();
                break;
            case AttributionOutcome.NotEnforced:
                _metrics.NotEnforced.WithLabels(ns, direction).Inc();
                break;
        }
    }

    /// <summary>
    /// Policies per namespace, for every namespace the policy source knows (0 for one without policies): the one metric
    /// that has every namespace, whatever traffic was seen.
    /// </summary>
    private void PublishNamespacePolicies(PolicySet policies, ClusterModel cluster)
    {
        // Keyed by label value: namespaces beyond the cardinality cap add up under "other".
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var ns in cluster.Namespaces.Keys)
        {
            counts.TryAdd(_metrics.Namespaces.Admit(ns), 0);
        }

        foreach (var policy in policies.Policies.Select(p => p.Ref).Distinct())
        {
            if (policy.Namespace is { } ns)
            {
                var label = _metrics.Namespaces.Admit(ns);
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }
        }

        _metrics.NamespacePolicies.Unpublish();
        foreach (var (label, count) in counts)
        {
            _metrics.NamespacePolicies.WithLabels(label).Set(count);
        }
    }

    /// <summary>
    /// The policies a denied connection is counted against, each once: the deny rules' policies, or every policy that
    /// isolates the subject (any of them could admit it).
    /// </summary>
    private static IEnumerable<PolicyRef> DenyingPolicies(FlowAttribution attribution) =>
        (attribution.Outcome == AttributionOutcome.DenyRule
            ? attribution.Verdict.Denials.Where(d => d.Reason == DenialReason.DenyRule).Select(d => d.Policy)
            : attribution.Verdict.IsolatedBy).Distinct();
}
