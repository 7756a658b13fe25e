using System.Globalization;
using System.Net;

namespace FlowAuditor.Daemon;

/// <summary>Parses <c>host:port</c> listen addresses (<c>0.0.0.0:9464</c>, <c>127.0.0.1:0</c>, <c>[::]:9464</c>, <c>localhost:9464</c>).</summary>
internal static class ListenAddress
{
    public static bool TryParse(string? text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Any, 0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
