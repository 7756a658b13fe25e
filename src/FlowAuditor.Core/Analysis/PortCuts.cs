using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// Where the rules concerning one endpoint in one direction can change their answer along the port axis: for each
/// transport protocol, the first port of every entry's range and the port after its end. Named ports cannot be cut
/// here (they resolve on the destination of each pair), so they are only flagged.
/// </summary>
internal sealed class PortCuts
{
    /// <summary>No rule has a port entry: the rules answer alike for every protocol and port.</summary>
    public static readonly PortCuts None = new([[], [], []], hasNamedPorts: false);

    private readonly int[][] _cuts;

    private PortCuts(int[][] cuts, bool hasNamedPorts)
    {
        _cuts = cuts;
        HasNamedPorts = hasNamedPorts;
    }

    public bool HasNamedPorts { get; }

    public IReadOnlyList<int> For(int protocolIndex) => _cuts[protocolIndex];

    public static PortCuts Of(IEnumerable<PortMatch> entries)
    {
        var cuts = new[] { new SortedSet<int>(), new SortedSet<int>(), new SortedSet<int>() };
        var named = false;
        var any = false;
        foreach (var entry in entries)
        {
            any = true;
            if (entry.IsNamed)
            {
                named = true;
                continue;
            }

            if (entry.IsAllPorts)
            {
                continue;
            }

            for (var i = 0; i < Protocols.Transport.Length; i++)
            {
                if (entry.Protocol.Covers(Protocols.Transport[i]))
                {
                    AddRange(cuts[i], entry.Port, entry.EndPort == 0 ? entry.Port : entry.EndPort);
                }
            }
        }

        // A protocol-only entry (e.g. every UDP port) cuts nothing but still tells protocols apart, so only "no entry
        // at all" is None.
        return any ? new PortCuts([.. cuts.Select(c => c.ToArray())], named) : None;
    }

    /// <summary>Adds the cuts of the single-port range <c>[start, end]</c>: a new interval starts at each edge.</summary>
    public static void AddRange(ICollection<int> cuts, int start, int end)
    {
        cuts.Add(start);
        if (end < PortRange.MaxPort)
        {
            cuts.Add(end + 1);
        }
    }
}
