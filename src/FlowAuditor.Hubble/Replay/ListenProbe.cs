using System.Net;
using System.Net.Sockets;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// Checks a TCP listen address before a server starts on it, so a port in use is one clear error instead of a
/// hosting failure with a stack trace. (Another process could still take the port in between; that is a race the
/// server's own error then reports.)
/// </summary>
public static class ListenProbe
{
    /// <exception cref="ListenAddressInUseException">Something listens there already.</exception>
    public static void ThrowIfInUse(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Port == 0)
        {
            return;
        }

        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new ListenAddressInUseException(endpoint.ToString(), e);
        }
    }
}
