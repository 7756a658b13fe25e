using System.Net;

namespace FlowAuditor.Core.Network;

/// <summary>Address prefix arithmetic shared by CIDR parsing and suggestion building.</summary>
public static class IpPrefix
{
    /// <summary>The address with every bit after the first <paramref name="prefixLength"/> cleared (the network address).</summary>
    public static IPAddress Mask(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
