using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Suggestions;

/// <summary>Merges observed ports into the fewest entries: contiguous ports become one <c>endPort</c> range.</summary>
public static class PortRanges
{
    public static IReadOnlyList<SuggestedPort> Merge(IEnumerable<(Protocol Protocol, int Port)> observed)
    {
        var result = new List<SuggestedPort>();
        foreach (var group in observed.Distinct().GroupBy(p => p.Protocol).OrderBy(g => ProtocolOrder(g.Key)))
        {
            SuggestedPort? current = null;
            foreach (var port in group.Select(p => p.Port).Order())
            {
                if (current is not null && port == current.EndPort + 1 && group.Key.IsTransport())
                {
                    current = current with { EndPort = port };
                    continue;
                }

                if (current is not null)
                {
                    result.Add(current);
                }

                current = new SuggestedPort(group.Key, port, port);
            }

            if (current is not null)
            {
                result.Add(current);
            }
        }

        return result;
    }

    private static int ProtocolOrder(Protocol protocol) => protocol switch
    {
        Protocol.TCP => 0,
        Protocol.UDP => 1,
        Protocol.SCTP => 2,
        Protocol.ICMPv4 => 3,
        _ => 4,
    };
}
