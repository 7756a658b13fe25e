using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Tests.Attribution;

public sealed class WorkloadResolverTests
{
    private static Endpoint Pod(string name, params string[] labels) =>
        new(EndpointKind.Pod, LabelSet.Parse(labels.Append("k8s:io.kubernetes.pod.namespace=prod"))) { Namespace = "prod", Name = name };

    [Fact]
    public void DeploymentPod_IsInferredFromPodTemplateHashInItsName()
    {
        var workload = WorkloadResolver.Infer(Pod("backend-7d9c5b8f6d-x2x4q", "k8s:app=backend", "k8s:pod-template-hash=7d9c5b8f6d"));

        Assert.Equal(new WorkloadRef("prod", "backend", "Deployment"), workload);
    }

    [Fact]
    public void StatefulSetPod_IsInferredFromItsPodNameLabelAndOrdinal()
    {
        var workload = WorkloadResolver.Infer(Pod("prometheus-k8s-1", "k8s:statefulset.kubernetes.io/pod-name=prometheus-k8s-1"));

        Assert.Equal(new WorkloadRef("prod", "prometheus-k8s", "StatefulSet"), workload);
    }

    [Fact]
    public void JobPod_IsInferredFromItsJobNameLabel()
    {
        Assert.Equal(new WorkloadRef("prod", "report-29000000", "Job"), WorkloadResolver.Infer(Pod("report-29000000-abcde", "k8s:batch.kubernetes.io/job-name=report-29000000")));
    }

    [Fact]
    public void PodWithoutControllerLabels_HasNoInferredWorkload()
    {
        Assert.Null(WorkloadResolver.Infer(Pod("debug", "k8s:run=debug")));
    }

    [Fact]
    public void LearnedWorkload_WinsOverInference_ForTheSameIdentity()
    {
        var resolver = new WorkloadResolver();
        var local = Pod("web-5f6d-abcde", "k8s:app=web", "k8s:pod-template-hash=5f6d");
        resolver.Resolve(local.WithWorkload(new WorkloadRef("prod", "web-frontend", "Deployment")));

        var resolved = resolver.Resolve(local);

        Assert.Equal(new WorkloadRef("prod", "web-frontend", "Deployment"), resolved.Workload);
    }
}
