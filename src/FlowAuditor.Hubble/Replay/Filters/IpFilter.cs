using System.Globalization;
using System.Net;

namespace FlowAuditor.Hubble.Replay.Filters;

/// <summary>
/// source_ip / destination_ip / source_ip_xlated as the agent reads them (pkg/hubble/filters/ip.go): an entry with a
/// slash is a CIDR (host bits allowed, <c>10.1.2.3/8</c> means 10.0.0.0/8) that contains the address; any other
/// entry is an address compared as text. A flow without that address never matches.
/// </summary>
internal static class IpFilter
{
    public static Func<string, bool>? Create(IEnumerable<string> entries, out string? error)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (ParseCidr(entry) is not { } network)
                {
                    error = $"invalid CIDR in filter: '{entry}'";
                    return null;
                }

                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out _) && !entry.Contains('%', StringComparison.Ordinal))
            {
                addresses.Add(entry);
            }
            else
            {
                error = $"invalid IP address in filter: '{entry}'";
                return null;
            }
        }

        error = null;
        return ip => ip.Length > 0
            && (addresses.Contains(ip) || (networks.Count > 0 && IPAddress.TryParse(ip, out var address) && networks.Exists(n => n.Contains(address))));
    }

    private static IPNetwork? ParseCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        if (prefix > bytes.Length * 8)
        {
            return null;
        }

        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), prefix);
    }
}
