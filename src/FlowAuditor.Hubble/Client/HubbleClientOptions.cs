using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Client;

/// <summary>Where and how <see cref="HubbleClient"/> reads flows. Checked by <see cref="Validate"/> at start.</summary>
public sealed class HubbleClientOptions
{
    /// <summary>`unix:///var/run/cilium/hubble.sock` (node agent), `host:port`, `tls://host:port`.</summary>
    public string Address { get; set; } = "unix:///var/run/cilium/hubble.sock";

    /// <summary>Use TLS even without a `tls://` prefix (implied by <see cref="TlsCaFile"/>).</summary>
    public bool Tls { get; set; }

    /// <summary>PEM bundle of the CA that signed the server certificate (the Cilium/Hubble CA); system trust if unset.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>PEM client certificate for mTLS; needs <see cref="TlsClientKeyFile"/>.</summary>
    public string? TlsClientCertFile { get; set; }

    public string? TlsClientKeyFile { get; set; }

    /// <summary>Name to verify (and send as SNI) instead of the host, e.g. `instance.hubble-relay.cilium.io`.</summary>
    public string? TlsServerName { get; set; }

    public bool Follow { get; set; } = true;

    /// <summary>First request only: start at this time (inclusive). Later requests resume from the last flow seen.</summary>
    public DateTimeOffset? Since { get; set; }

    public DateTimeOffset? Until { get; set; }

    /// <summary>Last N flows (or first N with <see cref="First"/>); without follow, also the total delivered. 0 = no limit.</summary>
    public ulong Number { get; set; }

    public bool First { get; set; }

    /// <summary>Server-side filter: only these verdicts (empty = all).</summary>
    public IList<Verdict> Verdicts { get; } = [];

    /// <summary>Server-side filter: only these Cilium event types, e.g. 1 drop, 5 policy verdict (empty = all).</summary>
    public IList<int> EventTypes { get; } = [];

    /// <summary>Extra whitelist filters, AND-ed with the verdict and event-type filters.</summary>
    public IList<FlowFilter> Whitelist { get; } = [];

    public IList<FlowFilter> Blacklist { get; } = [];

    /// <summary>
    /// The fast path (<see cref="HubbleClient.ReadRecordsAsync(StreamStart, CancellationToken)"/>) asks for only the
    /// flow fields it decodes (field_mask, Hubble 1.16+). A server that refuses it is asked again without; the full
    /// path (observe) always gets whole flows.
    /// </summary>
    public bool FieldMask { get; set; } = true;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>Each delay is scaled by a random factor in [1 − Jitter, 1 + Jitter] so agents don't reconnect in lockstep.</summary>
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>Give up after this many failed attempts in a row (null = never).</summary>
    public int? MaxConsecutiveFailures { get; set; }

    /// <summary>
    /// A resumed request starts this long before the last flow time seen (relay merges nodes within a 1 s window
    /// and node clocks differ); the overlap is removed by uuid.
    /// </summary>
    public TimeSpan ResumeOverlap { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many recent flow keys are remembered for dropping duplicates (bounded memory).</summary>
    public int DedupCapacity { get; set; } = 65_536;

    /// <summary>
    /// HTTP/2 ping interval on an open stream. grpc-go servers reject pings more often than every 5 minutes on a
    /// stream that sends no data (GOAWAY too_many_pings), so the default stays at that bound.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for unary calls (ServerStatus, GetNodes); streams have none.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Address), nameof(Address), "must be set");
        HubbleAddress parsed;
        try
        {
            parsed = HubbleAddress.Parse(Address);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{nameof(Address)}: {ex.Message}", nameof(Address), ex);
        }

        var usesTls = parsed.TlsFromScheme ?? (Tls || TlsCaFile is not null || TlsClientCertFile is not null);
        Require(!(parsed.IsUnixSocket && (Tls || TlsCaFile is not null || TlsClientCertFile is not null)), nameof(Tls),
            "the agent's unix socket is plaintext; TLS options need a host:port address");
        Require(usesTls || (TlsCaFile is null && TlsClientCertFile is null && TlsServerName is null), nameof(TlsCaFile),
            "TLS options were given for a plaintext (http://) address");
        Require((TlsClientCertFile is null) == (TlsClientKeyFile is null), nameof(TlsClientKeyFile),
            "the client certificate and key must be given together");
        RequireFile(TlsCaFile, nameof(TlsCaFile));
        RequireFile(TlsClientCertFile, nameof(TlsClientCertFile));
        RequireFile(TlsClientKeyFile, nameof(TlsClientKeyFile));
        Require(!(First && Follow), nameof(First), "cannot be combined with Follow");
        Require(Until is null || Since is null || Until >= Since, nameof(Until), "is before Since");
        Require(InitialBackoff > TimeSpan.Zero, nameof(InitialBackoff), "must be positive");
        Require(MaxBackoff >= InitialBackoff, nameof(MaxBackoff), "must be at least InitialBackoff");
        Require(BackoffMultiplier >= 1, nameof(BackoffMultiplier), "must be at least 1");
        Require(BackoffJitter is >= 0 and < 1, nameof(BackoffJitter), "must be in [0, 1)");
        Require(MaxConsecutiveFailures is null or > 0, nameof(MaxConsecutiveFailures), "must be positive");
        Require(ResumeOverlap >= TimeSpan.Zero, nameof(ResumeOverlap), "must not be negative");
        Require(DedupCapacity > 0, nameof(DedupCapacity), "must be positive");
        Require(KeepAliveInterval > TimeSpan.Zero, nameof(KeepAliveInterval), "must be positive");
        Require(KeepAliveTimeout > TimeSpan.Zero, nameof(KeepAliveTimeout), "must be positive");
        Require(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Require(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be positive");
    }

    internal bool UsesTls(HubbleAddress address) =>
        address.TlsFromScheme ?? (Tls || TlsCaFile is not null || TlsClientCertFile is not null);

    private static void RequireFile(string? path, string name) =>
        Require(path is null || File.Exists(path), name, $"file '{path}' does not exist");

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}", name);
        }
    }
}
