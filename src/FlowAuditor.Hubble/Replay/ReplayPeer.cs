namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// A peer announced by the replay server's peer.Peer/Notify: what hubble-relay dials for that node's flows.
/// Given on the command line as <c>NAME=ADDR[,TLS_SERVER_NAME]</c>.
/// </summary>
public sealed record ReplayPeer(string Name, string Address, string? TlsServerName)
{
    /// <summary>Parses <c>NAME=ADDR[,TLS_SERVER_NAME]</c>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ReplayPeer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"peer '{text}': expected NAME=ADDR[,TLS_SERVER_NAME]");
        }

        var name = text[..equals];
        var rest = text[(equals + 1)..].Split(',', 2);
        if (rest[0].Length == 0 || (rest.Length == 2 && rest[1].Length == 0))
        {
            throw new FormatException($"peer '{text}': expected NAME=ADDR[,TLS_SERVER_NAME]");
        }

        return new ReplayPeer(name, rest[0], rest.Length == 2 ? rest[1] : null);
    }
}
