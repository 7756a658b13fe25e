using System.Net;
using System.Net.Sockets;

namespace FlowAuditor.Core.Network;

/// <summary>An inclusive range of addresses of one family, as 128-bit numbers (IPv4 uses the low 32 bits).</summary>
public readonly record struct IpRange(AddressFamily Family, UInt128 Start, UInt128 End)
{
    public static readonly IpRange AllIPv4 = new(AddressFamily.InterNetwork, 0, uint.MaxValue);
    public static readonly IpRange AllIPv6 = new(AddressFamily.InterNetworkV6, 0, UInt128.MaxValue);

    public static IpRange FromNetwork(IPNetwork network)
    {
        var family = network.BaseAddress.AddressFamily;
        var bits = family == AddressFamily.InterNetwork ? 32 : 128;
        var start = ToNumber(network.BaseAddress);
        var hostBits = bits - network.PrefixLength;
        var size = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return new IpRange(family, start, start + size);
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == Family && ToNumber(address) is var n && n >= Start && n <= End;

    public static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress ToAddress(AddressFamily family, UInt128 value)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    public IPAddress StartAddress => ToAddress(Family, Start);

    public IPAddress EndAddress => ToAddress(Family, End);

    /// <summary><c>10.0.0.0-10.255.255.255</c>, the form connectivity listings use.</summary>
    public override string ToString() => $"{StartAddress}-{EndAddress}";
}
