using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Staging;
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
        Timeline = new DenialTimeline(time);
        _flowCounters = new FlowCounters(metrics.Flows);
    }

    public NamespaceReadiness Readiness { get; }

    /// <summary>Denials per namespace and minute, for the page's chart.</summary>
    public DenialTimeline Timeline { get; }

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

        _metrics.AggregationOverflow.Set(report.OverflowConnections);
        return report.Suggestions;
    }

    /// <summary>
    /// Measures staged changes on every attempt observed so far, against the policies in force. The inputs are copied
    /// under the lock; the evaluation runs outside it, so the pipeline does not wait for it.
    /// </summary>
    public StagedImpact MeasureStaged(IReadOnlyList<StagedChange> changes)
    {
        PolicySet policies;
        IReadOnlyList<ObservedAttempt> attempts;
        (int Max, long Overflow) bound;
        lock (_lock)
        {
            policies = _policies;
            attempts = _session.ObservedAttempts.Snapshot();
            bound = (_session.ObservedAttempts.MaxKeys, _session.ObservedAttempts.OverflowAttempts);
        }

        return StagedAnalyzer.Analyze(policies, changes, attempts, _evaluation) with { MaxKeys = bound.Max, OverflowAttempts = bound.Overflow };
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
                var deny = attribution.Outcome == AttributionOutcome.DenyRule;
                // One series per connection: the deny rules' policies, or every isolating policy, joined.
                var policies = deny
                    ? attribution.Verdict.Denials.Where(d => d.Reason == DenialReason.DenyRule).Select(d => d.Policy.QualifiedName)
                    : attribution.Verdict.IsolatedBy.Select(p => p.QualifiedName);
                var policy = _metrics.PolicyNames.Admit(string.Join(",", policies.Distinct().Order(StringComparer.Ordinal)));
                _metrics.PolicyDenials.WithLabels(ns, workload, direction, flowClass == FlowClass.Audit ? "audit" : "dropped", policy, AttributionText.Outcome(attribution.Outcome)).Inc();
                Timeline.Denied(attribution.Subject.Namespace ?? string.Empty);
                break;
            case AttributionOutcome.Unexplained:
                _metrics.Unexplained.WithLabels(ns, direction).Inc();
                break;
            case AttributionOutcome.NotEnforced:
                _metrics.NotEnforced.WithLabels(ns, direction).Inc();
                break;
        }
    }
}
