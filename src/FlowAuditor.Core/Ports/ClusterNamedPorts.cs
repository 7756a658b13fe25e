using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Core.Ports;

/// <summary>
/// Every named container port of the cluster's pods, as the agent's cluster-wide named-port map holds them
/// (<c>pkg/types/portmap.go</c> <c>namedPortMultiMap.GetNamedPort</c>). Up to 1.19 egress named ports resolve here:
/// <code>
/// egress:
/// - toPorts: [{ports: [{port: metrics}]}]   # one number for "metrics" anywhere in the cluster: that number, to every peer
///                                            # two numbers (9090 and 9100): ErrDuplicateNamedPorts, the entry is skipped
/// </code>
/// </summary>
public sealed class ClusterNamedPorts
{
    public static readonly ClusterNamedPorts Empty = new([]);

    private readonly Dictionary<string, NamedPort[]> _byName;

    public ClusterNamedPorts(IEnumerable<Endpoint> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        _byName = pods.SelectMany(p => p.NamedPorts).Distinct()
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        All = [.. _byName.Values.SelectMany(p => p)];
    }

    /// <summary>Every named port of the cluster (each name/protocol/number once).</summary>
    public IReadOnlyList<NamedPort> All { get; }

    /// <summary>
    /// The one number <paramref name="name"/> has for <paramref name="protocol"/> across the cluster, or null when it
    /// has none or several (Cilium skips definitions of another protocol, then refuses duplicates). The destination's
    /// own ports count too: the daemon knows only its node's pods, and a destination is part of the cluster.
    /// </summary>
    public int? Resolve(string name, Protocol protocol, IReadOnlyList<NamedPort> destinationPorts)
    {
        ArgumentNullException.ThrowIfNull(destinationPorts);
        var cluster = _byName.TryGetValue(name, out var known) ? known : [];
        int? found = null;
        foreach (var port in cluster.Concat(destinationPorts.Where(p => string.Equals(p.Name, name, StringComparison.Ordinal))))
        {
            if (port.Protocol != protocol || port.Port == 0)
            {
                continue;
            }

            if (found is { } other && other != port.Port)
            {
                return null;
            }

            found = port.Port;
        }

        return found;
    }
}
