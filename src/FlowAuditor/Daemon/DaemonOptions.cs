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

    /// <summary>Kubeconfig for the Kubernetes API; unset means in-cluster service account.</summary>
    public string? Kubeconfig { get; set; }

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

    /// <summary>Distinct values kept per high-cardinality metric label (namespace, workload, policy); the rest become <c>other</c>.</summary>
    public int MetricLabelCap { get; set; } = 500;

    /// <summary>Follow the stream (daemon) or read what the server has and stop (demo).</summary>
    public bool Follow { get; set; } = true;

    public bool IpBlockMatchesPods { get; set; }

    /// <summary>Serve the read-only page at <c>/</c> (<c>--ui=false</c> turns it off; the JSON API stays).</summary>
    public bool Ui { get; set; } = true;

    /// <summary>
    /// Ask Hubble for these verdicts only (server-side filter, e.g. DROPPED and AUDIT): far less traffic on a busy
    /// node, at the cost of the checks forwarded flows feed (not-enforced detection, namespaces seen for readiness).
    /// Empty: every flow.
    /// </summary>
    public IList<string> Verdicts { get; } = [];
}
