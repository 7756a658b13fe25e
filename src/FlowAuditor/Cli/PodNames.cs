using System.Text.RegularExpressions;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Cli;

/// <summary>
/// The workload a pod name belongs to, from the names Kubernetes controllers give pods: a StatefulSet's pods are
/// <c>name-0</c>, <c>name-1</c>; a Deployment's <c>name-&lt;template hash&gt;-&lt;5 chars&gt;</c>; a DaemonSet's,
/// Job's or ReplicaSet's <c>name-&lt;5 chars&gt;</c>; a CronJob's <c>name-&lt;schedule time&gt;-&lt;5 chars&gt;</c>
/// (k8s.io/kubernetes pkg/controller: StatefulSet getPodName, names.SimpleNameGenerator with 5 random characters).
/// </summary>
internal static partial class PodNames
{
    public static WorkloadRef? WorkloadOf(ClusterModel cluster, string ns, string podName)
    {
        var candidates = cluster.Workloads
            .Where(w => w.Namespace == ns && podName.Length > w.Name.Length + 1 && podName.StartsWith(w.Name + "-", StringComparison.Ordinal)
                && SuffixFits(w.Kind, podName[(w.Name.Length + 1)..]))
            .OrderByDescending(w => w.Name.Length)
            .ToList();
        return candidates.Count == 0 || (candidates.Count > 1 && candidates[1].Name.Length == candidates[0].Name.Length) ? null : candidates[0];
    }

    private static bool SuffixFits(string kind, string suffix) => kind switch
    {
        "StatefulSet" => Ordinal().IsMatch(suffix),
        "Deployment" => DeploymentSuffix().IsMatch(suffix),
        "CronJob" => CronJobSuffix().IsMatch(suffix),
        "DaemonSet" or "Job" or "ReplicaSet" or "ReplicationController" => RandomSuffix().IsMatch(suffix),
        _ => false,
    };

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^[a-z0-9]{1,10}-[a-z0-9]{5}$")]
    private static partial Regex DeploymentSuffix();

    [GeneratedRegex(@"^\d+-[a-z0-9]{5}$")]
    private static partial Regex CronJobSuffix();

    [GeneratedRegex(@"^[a-z0-9]{5}$")]
    private static partial Regex RandomSuffix();
}
