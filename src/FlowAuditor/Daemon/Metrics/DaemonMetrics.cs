using Prometheus;

namespace FlowAuditor.Daemon.Metrics;

/// <summary>
/// FlowAuditor's Prometheus metrics, in a registry of their own (one per daemon instance, so tests can run several).
/// High-cardinality labels (namespace, workload, policy) are capped per label by <see cref="LabelValueLimiter"/>;
/// values beyond the cap are reported as <c>other</c>.
/// </summary>
internal sealed class DaemonMetrics : IDisposable
{
    private readonly IDisposable _runtimeMeters;

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
            "Denied connection attempts (DROPPED or AUDIT), once per policy that denied them: summing over policy double counts.",
            "namespace", "workload", "direction", "verdict", "policy", "policy_kind", "reason");
        DeniedConnections = factory.CreateCounter(
            "flowauditor_denied_connections_total",
            "Denied connection attempts (DROPPED or AUDIT) attributed to policy, once each.",
            "namespace", "workload", "direction", "verdict", "reason");
        Unexplained = factory.CreateCounter("flowauditor_unexplained_drops_total", "Policy drops or audits the loaded policies do not explain.", "namespace", "direction");
        NotEnforced = factory.CreateCounter("flowauditor_not_enforced_total", "New connections Hubble forwarded (not in audit mode) that the loaded policies deny.", "namespace", "direction");
        IncompleteFlows = factory.CreateCounter("flowauditor_incomplete_flows_total", "Policy decisions on flows missing their source or destination endpoint (or its labels): counted, not attributed.");
        NonPolicyDrops = factory.CreateCounter("flowauditor_non_policy_drops_total", "Drops not caused by policy, by drop reason.", "reason");
        StreamUp = factory.CreateGauge("flowauditor_hubble_stream_up", "1 while the Hubble flow stream is connected.");
        Reconnects = factory.CreateCounter("flowauditor_hubble_reconnects_total", "Reconnects of the Hubble flow stream.");
        LostEvents = factory.CreateCounter("flowauditor_hubble_lost_events_total", "Events Hubble reported lost, by source.", "source");
        DuplicatesDropped = factory.CreateCounter("flowauditor_hubble_duplicate_flows_total", "Flows dropped as duplicates (by uuid) after a resume.");
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
        NamespacePolicies = factory.CreateGauge("flowauditor_namespace_policies", "Policies in each namespace the policy source knows (0 for a namespace without any).", "namespace");
        PolicySourceReady = factory.CreateGauge("flowauditor_policy_source_ready", "1 once the policy source completed its first full sync.");
        PendingSuggestions = factory.CreateGauge("flowauditor_pending_suggestions", "Suggested allow policies not yet applied, by namespace.", "namespace");
        LastAudit = factory.CreateGauge(
            "flowauditor_namespace_last_audit_timestamp_seconds",
            "Unix time of the namespace's last AUDIT verdict seen by this instance (absent until it sees one).",
            "namespace");
        EnforceReady = factory.CreateGauge(
            "flowauditor_namespace_enforce_ready",
            "1 when the namespace is ready to enforce: AUDIT quiet for the quiet window, no pending suggestions, no staged change would deny, nothing unexplained.",
            "namespace");
        LabelOverflow = factory.CreateGauge("flowauditor_label_cardinality_capped", "1 when a label hit the cardinality cap and values were folded into 'other'.", "label");
        WatchedObjects = factory.CreateGauge("flowauditor_kubernetes_objects", "Objects held per watched Kubernetes resource.", "resource");
        WatchRelists = factory.CreateCounter("flowauditor_kubernetes_relists_total", "Relists per watched resource (after 410 Gone).", "resource");
        WatchRestarts = factory.CreateCounter("flowauditor_kubernetes_watch_restarts_total", "Watch reconnects per resource.", "resource");
        WatchErrors = factory.CreateCounter("flowauditor_kubernetes_watch_errors_total", "List/watch errors per resource.", "resource");
        CrdMissing = factory.CreateGauge("flowauditor_kubernetes_crd_missing", "1 for a policy CRD that is not installed (reported, not fatal).", "resource");
        AggregationOverflow = factory.CreateCounter("flowauditor_aggregation_overflow_connections_total", "Connection attempts not aggregated because the aggregation bound was reached.");

        // Written by the state and policy-source modules; registered here so every metric is in one place.
        StateFlushFailures = factory.CreateCounter("flowauditor_state_flush_failures_total", "Flushes of the durable state that failed (the previous flush is kept).");
        StateCorrupt = factory.CreateCounter("flowauditor_state_corrupt_total", "State files found corrupt at start (set aside; the daemon starts empty).");
        PolicySourceRejectedInputs = factory.CreateCounter("flowauditor_policy_source_rejected_inputs_total", "Policy source objects or files rejected as invalid, by source.", "source");
        PolicySourceLastSync = factory.CreateGauge("flowauditor_policy_source_last_sync_timestamp_seconds", "Unix time of the policy source's last successful sync, by source.", "source");

        BuildInfo = factory.CreateGauge("flowauditor_build_info", "Always 1; the labels name the running build.", "version", "commit");
        var build = Build.Current;
        BuildInfo.WithLabels(build.Version, build.Commit).Set(1);

        // process_* and dotnet_* from prometheus-net, on this registry rather than the global default one.
        DotNetStats.Register(Registry);
        _runtimeMeters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = factory,
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == "System.Runtime",
        });
    }

    public CollectorRegistry Registry { get; }

    public LabelValueLimiter Namespaces { get; }

    public LabelValueLimiter Workloads { get; }

    public LabelValueLimiter PolicyNames { get; }

    public LabelValueLimiter Nodes { get; }

    public Counter NodeFlows { get; }

    public Counter Flows { get; }

    public Counter PolicyDenials { get; }

    public Counter DeniedConnections { get; }

    public Counter Unexplained { get; }

    public Counter NotEnforced { get; }

    public Counter IncompleteFlows { get; }

    public Counter NonPolicyDrops { get; }

    public Gauge StreamUp { get; }

    public Counter Reconnects { get; }

    public Counter LostEvents { get; }

    public Counter DuplicatesDropped { get; }

    public Gauge QueueDepth { get; }

    public Gauge QueueCapacity { get; }

    public Gauge QueueHighWaterMark { get; }

    public Gauge StreamLag { get; }

    public Counter QueueOverflow { get; }

    public Counter QueueFull { get; }

    public Gauge PoliciesLoaded { get; }

    public Gauge PolicyRevision { get; }

    public Gauge PolicySourceReady { get; }

    public Gauge NamespacePolicies { get; }

    public Gauge PendingSuggestions { get; }

    public Gauge LastAudit { get; }

    public Gauge EnforceReady { get; }

    public Gauge LabelOverflow { get; }

    public Counter AggregationOverflow { get; }

    public Gauge WatchedObjects { get; }

    public Counter WatchRelists { get; }

    public Counter WatchRestarts { get; }

    public Counter WatchErrors { get; }

    public Gauge CrdMissing { get; }


    public Counter StateFlushFailures { get; }

    public Counter StateCorrupt { get; }

    public Counter PolicySourceRejectedInputs { get; }

    public Gauge PolicySourceLastSync { get; }

    public Gauge BuildInfo { get; }

    /// <summary>Stops the process-wide listener on the runtime's meters.</summary>
    public void Dispose() => _runtimeMeters.Dispose();
}
