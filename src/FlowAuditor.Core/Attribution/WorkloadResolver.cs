using System.Text.RegularExpressions;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Attribution;

/// <summary>
/// Gives every pod endpoint its workload, the same whichever node reported it. Hubble fills <c>workloads</c> only
/// for pods local to the reporting agent; remote pods arrive with labels and a pod name. So: learn identity label
/// set → workload from any flow that carries it, and otherwise infer it from controller labels and the pod name
/// (<c>backend-7d9c5b8f6d-x2x4q</c> with <c>pod-template-hash=7d9c5b8f6d</c> is Deployment <c>backend</c>).
/// </summary>
public sealed partial class WorkloadResolver
{
    private const int MaxLearned = 100_000;
    private readonly Dictionary<LabelSet, WorkloadRef> _learned = [];

    // Inference per identity, null included: pods of one ReplicaSet share labels (pod-template-hash) and so a workload.
    private readonly Dictionary<LabelSet, WorkloadRef?> _inferred = [];

    public Endpoint Resolve(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsPod)
        {
            return endpoint;
        }

        if (endpoint.Workload is { } known)
        {
            if (_learned.Count < MaxLearned)
            {
                _learned.TryAdd(endpoint.Labels, known);
            }

            return endpoint;
        }

        if (!_learned.TryGetValue(endpoint.Labels, out var workload) && !_inferred.TryGetValue(endpoint.Labels, out workload))
        {
            workload = Infer(endpoint);
            if (_inferred.Count < MaxLearned)
            {
                _inferred[endpoint.Labels] = workload;
            }
        }

        return workload is null ? endpoint : endpoint.WithWorkload(workload);
    }

    /// <summary>The controller a pod's labels and name point to, or null when they do not say.</summary>
    public static WorkloadRef? Infer(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Namespace is not { } ns || endpoint.Name is not { } pod)
        {
            return null;
        }

        string? Label(string key) => endpoint.Labels.TryGetValue(LabelSources.K8s, key, out var value) ? value : null;

        if (Label("statefulset.kubernetes.io/pod-name") == pod && Ordinal().Match(pod) is { Success: true } sts)
        {
            return new WorkloadRef(ns, sts.Groups[1].Value, "StatefulSet");
        }

        if (Label("pod-template-hash") is { } hash && pod.LastIndexOf($"-{hash}-", StringComparison.Ordinal) is > 0 and var at)
        {
            return new WorkloadRef(ns, pod[..at], "Deployment");
        }

        if ((Label("batch.kubernetes.io/job-name") ?? Label("job-name")) is { } job)
        {
            return new WorkloadRef(ns, job, "Job");
        }

        if (Label("controller-revision-hash") is not null && Label("pod-template-generation") is not null && RandomSuffix().Match(pod) is { Success: true } ds)
        {
            return new WorkloadRef(ns, ds.Groups[1].Value, "DaemonSet");
        }

        return null;
    }

    [GeneratedRegex(@"^(.+)-\d+$")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^(.+)-[a-z0-9]{5}$")]
    private static partial Regex RandomSuffix();
}
