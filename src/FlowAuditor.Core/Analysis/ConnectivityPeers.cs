using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// Everything a connectivity listing pairs up: each workload through a representative pod, and the external ranges,
/// split separately as sources (by ingress ipBlocks) and destinations (by egress ipBlocks).
/// </summary>
public sealed record ConnectivityPeers(
    IReadOnlyList<AnalysisPeer> Workloads,
    IReadOnlyList<AnalysisPeer> ExternalSources,
    IReadOnlyList<AnalysisPeer> ExternalDestinations)
{
    /// <summary>
    /// Builds the peers of a cluster. A workload's representative is its first pod: pods of one owner are assumed to
    /// be alike (the reference analyzer does the same with owners whose pods' labels differ). A pod without a workload
    /// stands for itself as <c>ns/name[Pod]</c>.
    /// </summary>
    public static ConnectivityPeers Of(ClusterModel cluster, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var representatives = new Dictionary<WorkloadRef, Endpoint>();
        foreach (var pod in cluster.Pods)
        {
            representatives.TryAdd(pod.Workload ?? new WorkloadRef(pod.Namespace ?? string.Empty, pod.Name ?? string.Empty, "Pod"), pod);
        }

        var workloads = representatives
            .Select(kv => AnalysisPeer.ForWorkload(kv.Key, kv.Value))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return new ConnectivityPeers(
            workloads,
            [.. ExternalSpace.Sources(policies).Select(AnalysisPeer.ForRange)],
            [.. ExternalSpace.Destinations(policies).Select(AnalysisPeer.ForRange)]);
    }

    /// <summary>
    /// Every ordered pair a listing covers: workload to every other workload and to every external destination, and
    /// every external source to every workload. A workload is never paired with itself; external to external is not
    /// a cluster connection.
    /// </summary>
    public IEnumerable<(AnalysisPeer Source, AnalysisPeer Destination)> Pairs()
    {
        foreach (var source in Workloads)
        {
            foreach (var destination in Workloads)
            {
                if (!ReferenceEquals(source, destination))
                {
                    yield return (source, destination);
                }
            }

            foreach (var destination in ExternalDestinations)
            {
                yield return (source, destination);
            }
        }

        foreach (var source in ExternalSources)
        {
            foreach (var destination in Workloads)
            {
                yield return (source, destination);
            }
        }
    }
}
