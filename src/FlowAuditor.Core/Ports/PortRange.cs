using System.Globalization;

namespace FlowAuditor.Core.Ports;

/// <summary>An inclusive range of ports; a single port has <c>Start == End</c>.</summary>
public readonly record struct PortRange(int Start, int End)
{
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    public static readonly PortRange AllPorts = new(MinPort, MaxPort);

    public bool Contains(int port) => port >= Start && port <= End;

    public override string ToString() => Start == End
        ? Start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");
}
