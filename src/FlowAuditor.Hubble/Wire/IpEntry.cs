using System.Net;
using System.Text;

namespace FlowAuditor.Hubble.Wire;

/// <summary>An address as a flow states it, parsed once: the address and its canonical text (the endpoint's display name).</summary>
internal sealed class IpEntry(IPAddress? address)
{
    public IPAddress? Address { get; } = address;

    public string? Text { get; } = address?.ToString();

    public static IpEntry Parse(ReadOnlySpan<byte> utf8) =>
        new(IPAddress.TryParse(Encoding.UTF8.GetString(utf8), out var parsed) ? parsed : null);
}
