using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Hubble.Replay;

/// <summary>How <see cref="ReplayServer"/> listens and paces its flows. Checked by <see cref="Validate"/> at start.</summary>
public sealed class ReplayServerOptions
{
    /// <summary>`127.0.0.1:4245` (port 0 picks a free one) or `unix:PATH` / `unix:///PATH`.</summary>
    public string Listen { get; set; } = "127.0.0.1:4245";

    /// <summary>Flows per second; null publishes the whole capture at once, as a ring buffer already full.</summary>
    public double? Rate { get; set; }

    /// <summary>Repeat the capture for ever; each pass gets fresh uuids, later times and new client ports.</summary>
    public bool Loop { get; set; }

    /// <summary>With <see cref="Loop"/>: keep the captured ports, so every pass repeats the same 5-tuples.</summary>
    public bool SameTuples { get; set; }

    /// <summary>Serve the captured uuids on the first pass (later passes still get fresh ones).</summary>
    public bool KeepUuids { get; set; }

    /// <summary>Serve the captured times instead of rebasing them to now.</summary>
    public bool KeepTime { get; set; }

    /// <summary>Publish flows only when <see cref="ReplayServer.Release"/> is called (tests, step-by-step demos).</summary>
    public bool ManualRelease { get; set; }

    /// <summary>
    /// Flows held, like the agent's `--hubble-event-buffer-capacity`: reported as max_flows, the window for
    /// `since`/last-N, and a follower that falls further behind gets HUBBLE_RING_BUFFER lost events.
    /// One less than a power of two, at most 65535, as the agent requires.
    /// </summary>
    public int RingSize { get; set; } = 65_535;

    /// <summary>The node this server stands for in peer.Peer/Notify; null takes the capture's (first) node name.</summary>
    public string? NodeName { get; set; }

    /// <summary>Further peers announced by peer.Peer/Notify, so one replay can stand for a cluster's peer service.</summary>
    public IList<ReplayPeer> Peers { get; } = [];

    /// <summary>Source of the per-start uuid salt; null uses a random one.</summary>
    public Random? Random { get; set; }

    /// <summary>Start each stream with relay's node_status NODE_CONNECTED message.</summary>
    public bool EmitNodeStatus { get; set; } = true;

    /// <summary>The version ServerStatus reports (e.g. <c>cilium v1.18.3</c>, as an agent would); default the replay's own.</summary>
    public string? Version { get; set; }

    /// <summary>Act as an agent before 1.16, which knows no field_mask and sends whole flows (tests of clients).</summary>
    internal bool IgnoreFieldMask { get; set; }

    /// <summary>
    /// Flow fields this server's (older) proto lacks: a field_mask naming one is refused with InvalidArgument, as an
    /// agent refuses a path it cannot resolve (tests of clients).
    /// </summary>
    internal IList<string> UnknownFlowFields { get; } = [];

    public string? TlsCertFile { get; set; }

    public string? TlsKeyFile { get; set; }

    /// <summary>PEM CA bundle; when set, clients must present a certificate it signed (mTLS).</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        try
        {
            _ = ListenAddress();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new ArgumentException($"{nameof(Listen)}: {ex.Message}", nameof(Listen), ex);
        }

        Require(Rate is null or > 0, nameof(Rate), "must be positive");
        Require(!(ManualRelease && Rate is not null), nameof(ManualRelease), "cannot be combined with Rate");
        Require(RingSize is > 0 and <= 65_535 && (RingSize & (RingSize + 1)) == 0, nameof(RingSize), $"must be one less than a power of two and at most 65535 (got {RingSize})");
        Require(!SameTuples || Loop, nameof(SameTuples), "needs Loop");
        Require(NodeName is null || NodeName.Length > 0, nameof(NodeName), "must not be empty");
        foreach (var peer in Peers)
        {
            Require(peer.Name.Length > 0 && peer.Address.Length > 0, nameof(Peers), "need a name and an address");
            Require(Peers.Count(p => string.Equals(p.Name, peer.Name, StringComparison.Ordinal)) == 1 && !string.Equals(peer.Name, NodeName, StringComparison.Ordinal), nameof(Peers), $"name '{peer.Name}' is given twice");
        }

        Require((TlsCertFile is null) == (TlsKeyFile is null), nameof(TlsKeyFile), "the certificate and key must be given together");
        Require(ClientCaFile is null || TlsCertFile is not null, nameof(ClientCaFile), "needs TlsCertFile and TlsKeyFile (mTLS is on top of TLS)");
        foreach (var (path, name) in new[] { (TlsCertFile, nameof(TlsCertFile)), (TlsKeyFile, nameof(TlsKeyFile)), (ClientCaFile, nameof(ClientCaFile)) })
        {
            Require(path is null || File.Exists(path), name, $"file '{path}' does not exist");
        }
    }

    internal HubbleAddress ListenAddress()
    {
        var address = HubbleAddress.Parse(Listen);
        if (address.TlsFromScheme is not null)
        {
            throw new FormatException("give host:port or unix:PATH; TLS is set with TlsCertFile");
        }

        return address.IsUnixSocket || System.Net.IPAddress.TryParse(address.Host, out _)
            ? address
            : throw new FormatException($"'{address.Host}' is not an IP address (listen on 127.0.0.1, 0.0.0.0 or ::)");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}", name);
        }
    }
}
