using System.Globalization;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Suggestions;

/// <summary>A port or contiguous range (<c>endPort</c>) of a suggested rule.</summary>
public sealed record SuggestedPort(Protocol Protocol, int Port, int EndPort)
{
    public bool IsRange => EndPort > Port;

    public int Count => EndPort - Port + 1;

    public override string ToString() => IsRange
        ? string.Create(CultureInfo.InvariantCulture, $"{Protocol.Name()}/{Port}-{EndPort}")
        : string.Create(CultureInfo.InvariantCulture, $"{Protocol.Name()}/{Port}");
}
