using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Hubble.Replay;

/// <summary>How <see cref="ReplayServer"/> listens and paces its flows. Checked by <see cref="Validate"/> at start.</summary>
public sealed class ReplayServerOptions
{
    /// <summary>`127.0.0.1:4245` (port 0 picks a free one) or `unix:PATH` / `unix:///PATH`.</summary>
    public string Listen { get; set; } = "127.0.0.1:4245";

    /// <summary>Flows per second; null publishes the whole capture at once, as a ring buffer already full.</summary>
    public double? Rate { get; set; }

    /// <summary>Repeat the capture for ever; each pass gets fresh uuids and later times.</summary>
    public bool Loop { get; set; }

    /// <summary>Serve the captured times instead of rebasing them to now.</summary>
    public bool KeepTime { get; set; }

    /// <summary>Publish flows only when <see cref="ReplayServer.Release"/> is called (tests, step-by-step demos).</summary>
    public bool ManualRelease { get; set; }

    /// <summary>Ring size reported as max_flows and kept for `since`/last-N when looping (Hubble's maximum).</summary>
    public int BufferCapacity { get; set; } = 65_535;

    /// <summary>Start each stream with relay's node_status NODE_CONNECTED message.</summary>
    public bool EmitNodeStatus { get; set; } = true;

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
        Require(BufferCapacity > 0, nameof(BufferCapacity), "must be positive");
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
