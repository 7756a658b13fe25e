using System.Globalization;

namespace FlowAuditor.Hubble.Client;

/// <summary>
/// A parsed Hubble server address: `unix:///var/run/cilium/hubble.sock` (agent), `host:port` (plaintext),
/// `tls://host:port`, or `http(s)://host:port`.
/// </summary>
internal sealed record HubbleAddress(string? Host, int Port, string? SocketPath, bool? TlsFromScheme)
{
    /// <summary>Relay's port, and the hubble CLI's default.</summary>
    public const int DefaultPort = 4245;

    public bool IsUnixSocket => SocketPath is not null;

    public static HubbleAddress Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (address.StartsWith("unix://", StringComparison.Ordinal))
        {
            return Unix(address["unix://".Length..], address);
        }

        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return Unix(address["unix:".Length..], address);
        }

        bool? tls = null;
        var hostPort = address;
        foreach (var (scheme, isTls) in new[] { ("tls://", true), ("https://", true), ("http://", false) })
        {
            if (address.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                tls = isTls;
                hostPort = address[scheme.Length..].TrimEnd('/');
            }
        }

        var (host, port) = SplitHostPort(hostPort, address);
        return new HubbleAddress(host, port, null, tls);
    }

    private static HubbleAddress Unix(string path, string original) =>
        path.Length == 0
            ? throw new FormatException($"'{original}' has no socket path")
            : new HubbleAddress(null, 0, path, null);

    private static (string Host, int Port) SplitHostPort(string hostPort, string original)
    {
        var colon = hostPort.LastIndexOf(':');
        var bracket = hostPort.LastIndexOf(']');
        if (colon < 0 || colon < bracket)
        {
            return (hostPort.Trim('[', ']'), DefaultPort);
        }

        var host = hostPort[..colon].Trim('[', ']');
        if (host.Length == 0 || !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"'{original}' is not host:port, tls://host:port or unix:///path");
        }

        return (host, port);
    }

    public override string ToString() =>
        IsUnixSocket ? $"unix://{SocketPath}" : $"{(Host!.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
