namespace FlowAuditor.Daemon;

/// <summary>
/// Settings of <c>flowauditor run</c>, bound from appsettings.json (section <c>FlowAuditor</c>), environment
/// (<c>FLOWAUDITOR__HUBBLEADDRESS=...</c>) and flags, in increasing precedence. Validated at start.
/// </summary>
internal sealed class DaemonOptions
{
    public const string Section = "FlowAuditor";

    /// <summary><c>unix:///var/run/cilium/hubble.sock</c> (node agent), <c>host:port</c>, or <c>tls://host:port</c> (relay).</summary>
    public string HubbleAddress { get; set; } = "unix:///var/run/cilium/hubble.sock";

    public string? TlsCaFile { get; set; }

    public string? TlsClientCertFile { get; set; }

    public string? TlsClientKeyFile { get; set; }

    /// <summary>Server name to verify, e.g. <c>instance.hubble-relay.cilium.io</c> for hubble-relay.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Manifests directory (GitOps/offline). When unset, policies come from the Kubernetes API.</summary>
    public string? PoliciesDir { get; set; }

    /// <summary>Staged policy changes (reloaded on change), measured on observed traffic, never enforced.</summary>
    public string? StagedDir { get; set; }

    /// <summary>Kubeconfig for the Kubernetes API; unset: $KUBECONFIG, ~/.kube/config, then the in-cluster service account (as kubectl).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Kubeconfig context to use instead of its current-context.</summary>
    public string? KubeContext { get; set; }

    /// <summary>This node's name (DaemonSet: from the downward API via NODE_NAME); pods on it are watched for named ports.</summary>
    public string? NodeName { get; set; } = Environment.GetEnvironmentVariable("NODE_NAME");

    /// <summary>Where aggregated observations persist (SQLite); unset keeps them in memory only.</summary>
    public string? StateDir { get; set; }

    /// <summary>Metrics and API listen address.</summary>
    public string Listen { get; set; } = "0.0.0.0:9464";

    public int QueueCapacity { get; set; } = 16_384;

    /// <summary>How long the stream reader waits on a full queue before dropping (and counting) a flow.</summary>
    public double QueueFullWaitSeconds { get; set; } = 1;

    public double ConnectionWindowSeconds { get; set; } = 10;

    public int MaxAggregates { get; set; } = 50_000;

    public double FlushIntervalSeconds { get; set; } = 30;

    public double RetentionHours { get; set; } = 24 * 7;

    /// <summary>A namespace is enforce-ready after this long without an AUDIT verdict.</summary>
    public double EnforceQuietMinutes { get; set; } = 60;

    public double SuggestionIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// How long one build of the report is shared by its readers (API, readiness, metrics) while no policy or restore
    /// change happens: the report is at most this old. 0 builds it for every reader.
    /// </summary>
    public double ReportMaxAgeSeconds { get; set; } = 1;

    /// <summary>Distinct values kept per high-cardinality metric label (namespace, workload, policy); the rest become <c>other</c>.</summary>
    public int MetricLabelCap { get; set; } = 500;

    /// <summary>Ask Hubble for only the flow fields attribution reads (field_mask, 1.16+; refused masks are retried without).</summary>
    public bool HubbleFieldMask { get; set; } = true;

    /// <summary>Follow the stream (daemon) or read what the server has and stop (demo).</summary>
    public bool Follow { get; set; } = true;

    public bool IpBlockMatchesPods { get; set; }

    /// <summary>Decide as this Cilium version (X.Y); unset: the version Hubble's ServerStatus reports, else the default.</summary>
    public string? CiliumVersion { get; set; }

    /// <summary>The agent's allow-localhost (auto|always|policy); unset: cilium-config's value, else the version default.</summary>
    public string? AllowLocalhost { get; set; }

    /// <summary>The agent's policy-default-local-cluster (true|false); unset: cilium-config's value, else the version default.</summary>
    public string? PolicyDefaultLocalCluster { get; set; }

    /// <summary>The agent's labels option (identity label prefixes); empty: cilium-config's value, else the default filter.</summary>
    public IList<string> Labels { get; } = [];

    /// <summary>The agent options given explicitly (flags, environment, appsettings): they win over cilium-config.</summary>
    public Core.Evaluation.AgentOverrides ExplicitAgentOptions(ICollection<string> problems) =>
        Core.Evaluation.AgentOverrides.Parse(AllowLocalhost, PolicyDefaultLocalCluster, string.Join(' ', Labels), problems);

    /// <summary>First start only: read the agent's ring buffer from this far back (<c>15m</c>) or this time (RFC 3339); unset: all it holds.</summary>
    public string? Since { get; set; }

    /// <summary>First start only: read what the ring buffer holds before following (<c>--no-backfill</c>: follow only).</summary>
    public bool Backfill { get; set; } = true;

    /// <summary>Serve the read-only page at <c>/</c> (<c>--ui=false</c> turns it off; the JSON API stays).</summary>
    public bool Ui { get; set; } = true;

    /// <summary>
    /// Ask Hubble for these verdicts only (server-side filter, e.g. DROPPED and AUDIT): far less traffic on a busy
    /// node, at the cost of the checks forwarded flows feed (not-enforced detection, namespaces seen for readiness).
    /// Empty: every flow.
    /// </summary>
    public IList<string> Verdicts { get; } = [];
}
