using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FlowAuditor.Core.Network;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// Parses <c>10.0.0.0/8</c> and <c>2001:db8::/32</c> as Go's <c>net.ParseCIDR</c> does: strict dotted-decimal IPv4
/// (no leading zeros, which .NET would read as octal), a prefix that fits the family, host bits allowed and masked off.
/// </summary>
internal static class CidrParser
{
    public static bool TryParse(string? text, out IPNetwork network, out bool hadHostBits)
    {
        network = default;
        hadHostBits = false;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0)
        {
            return false;
        }

        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (!IsStrictAddress(addressText) || !IPAddress.TryParse(addressText, out var address)
            || prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix > bits)
        {
            return false;
        }

        var masked = IpPrefix.Mask(address, prefix);
        hadHostBits = !masked.Equals(address);
        network = new IPNetwork(masked, prefix);
        return true;
    }

    private static bool IsStrictAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return !text.Contains('%', StringComparison.Ordinal); // no IPv6 zone in a CIDR
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit)
            && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}
