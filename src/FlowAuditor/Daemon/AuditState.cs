using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Staging;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.State;
using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon;

/// <summary>
/// The daemon's live audit: the session the pipeline feeds, the policy snapshot in force, namespace readiness and
/// the latest suggestions. One short lock guards the session (attribution and aggregation); readers (HTTP, metrics,
/// flushes) take frozen copies under it and do their work outside.
/// </summary>
internal sealed class AuditState
{
    private readonly Lock _lock = new();
    private readonly DaemonMetrics _metrics;
    private EvaluationOptions _evaluation;
    private readonly AuditSession _session;
    private readonly FlowCounters _flowCounters;
    private readonly AttemptCounters _attemptCounters;
    private readonly StreamPosition _position = new(new Hubble.Client.HubbleClientOptions().ResumeOverlap);
    private long _resumeDuplicates;
    private long _reportGeneration;
    private PolicySet _policies = PolicySet.Empty;
    private ClusterModel _cluster = ClusterModel.Empty;
    private readonly TaskCompletionSource _policiesReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditState(DaemonOptions options, DaemonMetrics metrics, TimeProvider time)
        : this(options, metrics, time, AttemptCounters.DefaultMaxEntries)
    {
    }

    /// <param name="metricChildren">Bound on cached metric children per attempt kind (0: resolve labels every time, the reference path tests compare with).</param>
    internal AuditState(DaemonOptions options, DaemonMetrics metrics, TimeProvider time, int metricChildren)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _evaluation = EvaluationOptions.Cilium with { IpBlockMatchesPods = options.IpBlockMatchesPods };
        _session = new AuditSession(
            new FlowAttributor(new PolicyEvaluator(_policies, _evaluation)),
            new AuditOptions { ConnectionWindow = TimeSpan.FromSeconds(options.ConnectionWindowSeconds), MaxAggregates = options.MaxAggregates });
        Readiness = new NamespaceReadiness(time, TimeSpan.FromMinutes(options.EnforceQuietMinutes));
        Timeline = new DenialTimeline(time);
        _flowCounters = new FlowCounters(metrics.Flows, metrics.NodeFlows, metrics.Nodes, metrics.NonPolicyDrops);
        _attemptCounters = new AttemptCounters(metrics, metricChildren);
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

    /// <summary>
    /// Moves on every change that makes a built report wrong rather than just old: a policy snapshot, other agent
    /// options, restored state. A shared report built at an older generation is rebuilt at once.
    /// </summary>
    public long ReportGeneration => Interlocked.Read(ref _reportGeneration);

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

    /// <summary>The agent options attribution decides with.</summary>
    public EvaluationOptions Evaluation
    {
        get
        {
            lock (_lock)
            {
                return _evaluation;
            }
        }
    }

    /// <summary>Switches attribution to other agent options (version, allow-localhost, ...) over the current policies.</summary>
    public void UseEvaluation(EvaluationOptions evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        lock (_lock)
        {
            _evaluation = evaluation with { IpBlockMatchesPods = _evaluation.IpBlockMatchesPods };
            _session.UsePolicies(new FlowAttributor(new PolicyEvaluator(_policies, _evaluation), _cluster));
            _attemptCounters.Clear();
            Interlocked.Increment(ref _reportGeneration);
        }
    }

    /// <summary>
    /// Switches attribution to a new snapshot: new flows use the new policies, every aggregated row is re-attributed
    /// (counts and times kept), and denial series naming a policy that is gone are removed, all under the ingest lock
    /// so no reader sees a mix.
    /// </summary>
    public void ApplyPolicies(PolicySet policies, ClusterModel cluster, bool sourceReady)
    {
        ArgumentNullException.ThrowIfNull(policies);
        lock (_lock)
        {
            _policies = policies;
            _cluster = cluster;
            _session.UsePolicies(new FlowAttributor(new PolicyEvaluator(policies, _evaluation), cluster));
            RemoveSeriesOfRemovedPolicies(policies);
            _attemptCounters.Clear();
            PoliciesReady |= sourceReady;
            Interlocked.Increment(ref _reportGeneration);
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

    /// <summary>Flows dropped because the state restored at start already counted them (the resumed stream's overlap).</summary>
    public long ResumeDuplicates => Interlocked.Read(ref _resumeDuplicates);

    /// <summary>Where the next stream should start to miss nothing attributed so far; null before any flow.</summary>
    public DateTimeOffset? ResumeFrom
    {
        get
        {
            lock (_lock)
            {
                return _position.ResumeFrom;
            }
        }
    }

    public void Observe(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var flowClass = FlowClassifier.Classify(flow);
        FlowObservation observation;
        lock (_lock)
        {
            if (!_position.Accept(flow))
            {
                // Already counted before a restart (the resume overlaps the stored position).
                Interlocked.Increment(ref _resumeDuplicates);
                return;
            }

            observation = _session.Observe(flow);
            if (observation is { NewAttempt: true, Attribution: { } counted })
            {
                // Under the lock, so a policy change cannot remove a policy's series between this attribution and its count.
                Count(counted, flowClass);
            }
        }

        _flowCounters.For(flow.Verdict, flow.Direction).Inc();
        _flowCounters.ForNode(flow.NodeName, flow.Verdict).Inc();
        if (flowClass == FlowClass.NonPolicyDrop)
        {
            _flowCounters.ForNonPolicyDrop(flow.DropReasonName).Inc();
        }

        if (observation.Incomplete)
        {
            _metrics.IncompleteFlows.Inc();
            return;
        }

        Readiness.Seen(flow.Source.Namespace);
        Readiness.Seen(flow.Destination.Namespace);
        if (flowClass == FlowClass.Audit)
        {
            // Every AUDIT event, repeats included: audits that keep coming must keep the namespace "not ready".
            Readiness.Audited(observation.Attribution?.Subject.Namespace ?? (flow.Direction == FlowDirection.Egress ? flow.Source.Namespace : flow.Destination.Namespace));
        }
    }

    /// <summary>
    /// The report of what is aggregated now. Only the copy is taken under the ingest lock; suggestions and
    /// verification run outside it, so readers never stall attribution.
    /// </summary>
    public AuditReport BuildReport(SuggestionOptions suggestionOptions) => Freeze().BuildReport(suggestionOptions);

    /// <summary>The aggregates and the policies they are judged by, at one instant (a copy taken under the ingest lock).</summary>
    public FrozenAudit Freeze()
    {
        lock (_lock)
        {
            return new FrozenAudit(_session.Snapshot(), _policies, _cluster, _evaluation);
        }
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

    /// <summary>Observations, summary and stream position at one instant (what a flush writes).</summary>
    public StateSnapshot Export()
    {
        lock (_lock)
        {
            return new StateSnapshot(_session.Export(), _session.Counters.ToSummary(), _position.Export()) { Windows = _session.ExportWindows() };
        }
    }

    /// <summary>
    /// Restores the stream position (before the stream opens, so it resumes from there). Separate from
    /// <see cref="Restore"/>, which waits for the first policy snapshot.
    /// </summary>
    public void RestorePosition(IEnumerable<StoredNodePosition> position)
    {
        lock (_lock)
        {
            _position.Restore(position);
        }
    }

    public void Restore(IEnumerable<PersistedObservation> observations, PersistedSummary? summary, IEnumerable<PersistedWindow>? windows = null)
    {
        lock (_lock)
        {
            _session.Restore(observations);
            _session.RestoreWindows(windows ?? []);
            if (summary is not null)
            {
                _session.RestoreSummary(summary);
            }

            Interlocked.Increment(ref _reportGeneration);
        }
    }

    /// <summary>True until stored state is back: the report says so rather than looking empty.</summary>
    public bool Restoring => !_restored.Task.IsCompleted;

    /// <summary>Marks restoring done (also when there was nothing to restore, or it failed).</summary>
    public void RestoreCompleted()
    {
        _restored.TrySetResult();
        Interlocked.Increment(ref _reportGeneration);
    }

    /// <summary>
    /// Drops the denial series that name a policy no longer loaded. Counters are cumulative: what was counted under a
    /// removed policy is not moved to another; its series stops being exported (Prometheus marks it stale), so
    /// dashboards and alerts never show a policy that is gone. A policy that comes back starts a new series from 0,
    /// which rate() and increase() treat as a counter reset.
    /// </summary>
    private void RemoveSeriesOfRemovedPolicies(PolicySet policies)
    {
        var loaded = policies.Policies.Select(p => p.Ref.QualifiedName).ToHashSet(StringComparer.Ordinal);
        var policyLabel = Array.IndexOf(_metrics.PolicyDenials.LabelNames, "policy");
        foreach (var labels in _metrics.PolicyDenials.GetAllLabelValues().ToList())
        {
            var names = labels[policyLabel];
            if (names != LabelValueLimiter.Overflow && names.Split(',').Any(name => name.Length > 0 && !loaded.Contains(name)))
            {
                _metrics.PolicyDenials.WithLabels(labels).Remove();
            }
        }
    }

    private void Count(FlowAttribution attribution, FlowClass flowClass)
    {
        if (_attemptCounters.Count(attribution, flowClass == FlowClass.Audit))
        {
            Timeline.Denied(attribution.Subject.Namespace ?? string.Empty);
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
}
