using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Aggregation;

/// <summary>
/// The pod labels that identify a workload across restarts and rollouts: Kubernetes labels minus the ones
/// controllers stamp per revision or per pod, and minus Cilium's and Kubernetes' own identity labels.
/// Suggestions select peers by these only.
/// </summary>
public static class StableLabels
{
    private static readonly HashSet<string> Unstable = new(StringComparer.Ordinal)
    {
        "pod-template-hash",
        "controller-revision-hash",
        "pod-template-generation",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "controller-uid",
        "batch.kubernetes.io/controller-uid",
        "job-name",
        "batch.kubernetes.io/job-name",
        "batch.kubernetes.io/job-completion-index",
    };

    private static readonly string[] InternalPrefixes =
        ["io.kubernetes.", "io.cilium.", "io.cilium.k8s.", LabelSources.NamespaceLabelPrefix];

    public static SortedDictionary<string, string> Of(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var stable = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (label.Source == LabelSources.K8s && IsStable(label.Key))
            {
                stable[label.Key] = label.Value;
            }
        }

        return stable;
    }

    public static bool IsStable(string key) =>
        !Unstable.Contains(key) && !InternalPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));
}
