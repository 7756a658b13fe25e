using Prometheus;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// FlowAuditor's Prometheus metrics, in a registry of their own (one per daemon instance, so tests can run several).
/// High-cardinality labels (namespace, workload, policy) are capped per label by <see cref="LabelValueLimiter"/>;
/// values beyond the cap are reported as <c>other</c>.
/// </summary>
internal sealed class DaemonMetrics
{
    public DaemonMetrics(int labelCap)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Namespaces = new LabelValueLimiter(labelCap);
        Workloads = new LabelValueLimiter(labelCap);
        PolicyNames = new LabelValueLimiter(labelCap);
        Nodes = new LabelValueLimiter(labelCap);

        Flows = factory.CreateCounter("flowauditor_flows_total", "Hubble flow events consumed, by verdict and traffic direction.", "verdict", "direction");
        NodeFlows = factory.CreateCounter("flowauditor_node_flows_total", "Hubble flow events consumed, by the node that reported them (node_name) and verdict.", "node", "verdict");
        PolicyDenials = factory.CreateCounter(
            "flowauditor_policy_denials_total",
            "Denied connection attempts (DROPPED or AUDIT) attributed to policy.",
            "namespace", "workload", "direction", "verdict", "policy", "reason");
        Unexplained = factory.CreateCounter("flowauditor_unexplained_drops_total", "Policy drops or audits the loaded policies do not explain.", "namespace", "direction");
        NotEnforced = factory.CreateCounter("flowauditor_not_enforced_total", "New connections Hubble forwarded (not in audit mode) that the loaded policies deny.", "namespace", "direction");
        IncompleteFlows = factory.CreateCounter("flowauditor_incomplete_flows_total", "Policy decisions on flows missing their source or destination endpoint (or its labels): counted, not attributed.");
        NonPolicyDrops = factory.CreateCounter("flowauditor_non_policy_drops_total", "Drops not caused by policy, by drop reason.", "reason");
        StreamUp = factory.CreateGauge("flowauditor_hubble_stream_up", "1 while the Hubble flow stream is connected.");
        Reconnects = factory.CreateGauge("flowauditor_hubble_reconnects", "Reconnects of the Hubble flow stream since start.");
        LostEvents = factory.CreateGauge("flowauditor_hubble_lost_events", "Events Hubble reported lost, by source.", "source");
        DuplicatesDropped = factory.CreateGauge("flowauditor_hubble_duplicate_flows", "Flows dropped as duplicates (by uuid) after a resume.");
        QueueDepth = factory.CreateGauge("flowauditor_queue_depth", "Flows waiting between the Hubble stream and attribution.");
        QueueHighWaterMark = factory.CreateGauge("flowauditor_queue_high_water_mark", "The deepest the flow queue has been since start.");
        StreamLag = factory.CreateGauge(
            "flowauditor_stream_lag_seconds",
            "Per node: now minus the flow time of the newest flow attributed (how far attribution is behind the node).",
            "node");
        QueueCapacity = factory.CreateGauge("flowauditor_queue_capacity", "Capacity of the flow queue.");
        QueueOverflow = factory.CreateCounter("flowauditor_queue_overflow_total", "Flows dropped because the queue stayed full (counted, never silent).");
        QueueFull = factory.CreateCounter("flowauditor_queue_full_total", "Times the queue was full and the stream reader had to wait (backpressure).");
        PoliciesLoaded = factory.CreateGauge("flowauditor_policies_loaded", "Policies in the current snapshot, by kind.", "kind");
        PolicyRevision = factory.CreateGauge("flowauditor_policy_revision", "Revision of the current policy snapshot.");
        PolicySourceReady = factory.CreateGauge("flowauditor_policy_source_ready", "1 once the policy source completed its first full sync.");
        PendingSuggestions = factory.CreateGauge("flowauditor_pending_suggestions", "Suggested allow policies not yet applied, by namespace.", "namespace");
        AuditAge = factory.CreateGauge(
            "flowauditor_namespace_seconds_since_audit",
            "Seconds since the namespace's last AUDIT verdict (since FlowAuditor started, if it never had one).",
            "namespace");
        EnforceReady = factory.CreateGauge(
            "flowauditor_namespace_enforce_ready",
            "1 when the namespace is ready to enforce: AUDIT quiet for the quiet window, no pending suggestions, no staged change would deny, nothing unexplained.",
            "namespace");
        LabelOverflow = factory.CreateGauge("flowauditor_label_cardinality_capped", "1 when a label hit the cardinality cap and values were folded into 'other'.", "label");
        WatchedObjects = factory.CreateGauge("flowauditor_kubernetes_objects", "Objects held per watched Kubernetes resource.", "resource");
        WatchRelists = factory.CreateGauge("flowauditor_kubernetes_relists", "Relists per watched resource since start (after 410 Gone).", "resource");
        WatchRestarts = factory.CreateGauge("flowauditor_kubernetes_watch_restarts", "Watch reconnects per resource since start.", "resource");
        WatchErrors = factory.CreateGauge("flowauditor_kubernetes_watch_errors", "List/watch errors per resource since start.", "resource");
        CrdMissing = factory.CreateGauge("flowauditor_kubernetes_crd_missing", "1 for a policy CRD that is not installed (reported, not fatal).", "resource");
        AggregationOverflow = factory.CreateGauge("flowauditor_aggregation_overflow_connections", "Connection attempts not aggregated because the aggregation bound was reached.");
        PolicyRejectedInputs = factory.CreateCounter("flowauditor_policy_source_rejected_inputs_total", "Policy files or objects that failed to load (each broken content once), by source.", "source");
        PolicyLastSync = factory.CreateGauge("flowauditor_policy_source_last_sync_timestamp_seconds", "Unix time the policy source was last known in sync with its input, by source.", "source");
        StateFlushFailures = factory.CreateCounter("flowauditor_state_flush_failures_total", "Flushes of durable state that failed (disk full, I/O error); retried with backoff.");
        StateCorrupt = factory.CreateCounter("flowauditor_state_corrupt_total", "Corrupt state databases moved aside at start (flowauditor.db.corrupt-<time>).");
    }

    public CollectorRegistry Registry { get; }

    public LabelValueLimiter Namespaces { get; }

    public LabelValueLimiter Workloads { get; }

    public LabelValueLimiter PolicyNames { get; }

    public LabelValueLimiter Nodes { get; }

    public Counter NodeFlows { get; }

    public Counter Flows { get; }

    public Counter PolicyDenials { get; }

    public Counter Unexplained { get; }

    public Counter NotEnforced { get; }

    public Counter IncompleteFlows { get; }

    public Counter NonPolicyDrops { get; }

    public Gauge StreamUp { get; }

    public Gauge Reconnects { get; }

    public Gauge LostEvents { get; }

    public Gauge DuplicatesDropped { get; }

    public Gauge QueueDepth { get; }

    public Gauge QueueCapacity { get; }

    public Gauge QueueHighWaterMark { get; }

    public Gauge StreamLag { get; }

    public Counter QueueOverflow { get; }

    public Counter QueueFull { get; }

    public Gauge PoliciesLoaded { get; }

    public Gauge PolicyRevision { get; }

    public Gauge PolicySourceReady { get; }

    public Gauge PendingSuggestions { get; }

    public Gauge AuditAge { get; }

    public Gauge EnforceReady { get; }

    public Gauge LabelOverflow { get; }

    public Gauge AggregationOverflow { get; }

    public Gauge WatchedObjects { get; }

    public Gauge WatchRelists { get; }

    public Gauge WatchRestarts { get; }

    public Gauge WatchErrors { get; }

    public Gauge CrdMissing { get; }

    public Counter PolicyRejectedInputs { get; }

    public Gauge PolicyLastSync { get; }

    public Counter StateFlushFailures { get; }

    public Counter StateCorrupt { get; }
}
