using System.Net;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.Manifests;

public sealed class ClusterLoadingTests
{
    [Fact]
    public void PodOwnedByReplicaSet_IsReportedUnderReplicaSet()
    {
        var result = Manifest.LoadClean("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-7d4f-abcde
              namespace: prod
              ownerReferences:
              - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4f, uid: 1, controller: true}
            """);

        Assert.Equal(new WorkloadRef("prod", "web-7d4f", "ReplicaSet"), result.Pod("prod", "web-7d4f-abcde").Workload);
    }

    [Fact]
    public void PodWithOnlyNonControllerOwner_IsItsOwnWorkload()
    {
        var result = Manifest.LoadClean("""
            kind: Pod
            metadata:
              name: a
              ownerReferences: [{kind: ConfigMap, name: cfg}]
            """);

        Assert.Equal(new WorkloadRef("default", "a", "Pod"), result.Pod("default", "a").Workload);
    }

    [Fact]
    public void StaticPodOwnedByNode_IsItsOwnWorkload()
    {
        var result = Manifest.LoadClean("""
            kind: Pod
            metadata:
              name: etcd-minikube
              namespace: kube-system
              ownerReferences: [{apiVersion: v1, kind: Node, name: minikube, controller: true}]
            """);

        Assert.Equal(new WorkloadRef("kube-system", "etcd-minikube", "Pod"), result.Pod("kube-system", "etcd-minikube").Workload);
    }

    [Fact]
    public void PodWithoutNamespace_IsInDefault()
    {
        var result = Manifest.LoadClean("kind: Pod\nmetadata: {name: a}\n");

        Assert.Equal("default", Assert.Single(result.Cluster.Pods).Namespace);
    }

    [Fact]
    public void UndeclaredNamespace_GetsMetadataNameLabel()
    {
        var result = Manifest.LoadClean("kind: Pod\nmetadata: {name: a, namespace: shop}\n");

        var labels = result.Cluster.Namespaces["shop"];
        Assert.Equal("shop", Assert.Single(labels).Value);
        Assert.Equal(LabelSources.NamespaceNameLabel, labels.Keys.Single());
    }

    [Fact]
    public void DeclaredNamespace_GetsMetadataNameLabelAddedToItsOwn()
    {
        var result = Manifest.LoadClean("kind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n");

        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "shop", ["team"] = "a" }, result.Cluster.Namespaces["shop"]);
    }

    [Fact]
    public void NamespaceDeclaredAfterItsPods_StillLabelsThePodIdentity()
    {
        var result = Manifest.LoadClean("""
            kind: Pod
            metadata: {name: a, namespace: shop}
            ---
            kind: Namespace
            metadata: {name: shop, labels: {team: a}}
            """);

        Assert.True(result.Pod("shop", "a").Labels.TryGetValue(LabelSources.K8s, LabelSources.NamespaceLabelPrefix + "team", out var team));
        Assert.Equal("a", team);
    }

    [Fact]
    public void Deployment_StandsForOnePodBuiltFromItsTemplate()
    {
        var result = Manifest.LoadClean("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: prod, labels: {not: template}}
            spec:
              replicas: 3
              template:
                metadata: {labels: {app: web}}
                spec:
                  serviceAccountName: web-sa
                  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]
            """);

        var pod = Assert.Single(result.Cluster.Pods);
        Assert.Equal(("prod", "web"), (pod.Namespace, pod.Name));
        Assert.Equal(new WorkloadRef("prod", "web", "Deployment"), pod.Workload);
        Assert.True(pod.Labels.TryGetValue(LabelSources.K8s, "app", out _));
        Assert.False(pod.Labels.Contains(LabelSources.K8s, "not"));
        Assert.True(pod.Labels.TryGetValue(LabelSources.K8s, LabelSources.ServiceAccountKey, out var sa));
        Assert.Equal("web-sa", sa);
    }

    [Theory]
    [InlineData("ReplicaSet")]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    [InlineData("Job")]
    [InlineData("ReplicationController")]
    public void WorkloadKinds_UseSpecTemplate(string kind)
    {
        var result = Manifest.LoadClean($"kind: {kind}\nmetadata: {{name: w}}\nspec: {{template: {{metadata: {{labels: {{app: w}}}}}}}}\n");

        var pod = Assert.Single(result.Cluster.Pods);
        Assert.Equal(new WorkloadRef("default", "w", kind), pod.Workload);
        Assert.True(pod.Labels.Contains(LabelSources.K8s, "app"));
    }

    [Fact]
    public void CronJob_UsesJobTemplateSpecTemplate()
    {
        var result = Manifest.LoadClean("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: ops}
            spec:
              schedule: "0 * * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {app: backup}}
                    spec: {containers: [{name: c}], restartPolicy: OnFailure}
            """);

        var pod = Assert.Single(result.Cluster.Pods);
        Assert.Equal(new WorkloadRef("ops", "backup", "CronJob"), pod.Workload);
        Assert.True(pod.Labels.TryGetValue(LabelSources.K8s, "app", out var app));
        Assert.Equal("backup", app);
    }

    [Fact]
    public void NamedPorts_ComeFromEveryContainer_ProtocolDefaultsToTcp_UnnamedPortsAreSkipped()
    {
        var result = Manifest.LoadClean("""
            kind: Pod
            metadata: {name: a}
            spec:
              containers:
              - name: app
                ports:
                - {name: http, containerPort: 8080}
                - {containerPort: 9000}
              - name: dns
                ports:
                - {name: dns, containerPort: 53, protocol: UDP}
            """);

        Assert.Equal([new NamedPort("http", Protocol.TCP, 8080), new NamedPort("dns", Protocol.UDP, 53)], result.Pod("default", "a").NamedPorts);
    }

    [Fact]
    public void MisspeltContainerPortField_IsWarnedAndThatNamedPortIgnored()
    {
        var result = Manifest.Load("""
            kind: Pod
            metadata: {name: a}
            spec:
              containers:
              - ports:
                - name: udps
                  containerport: 3535
                  protocol: UDP
            """);

        Assert.Empty(result.Pod("default", "a").NamedPorts);
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Message.Contains("did you mean 'containerPort'", StringComparison.Ordinal));
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void PodIp_FromStatus_BecomesTheAddress()
    {
        var result = Manifest.LoadClean("kind: Pod\nmetadata: {name: a}\nstatus: {podIP: 10.244.1.7}\n");

        Assert.Equal(IPAddress.Parse("10.244.1.7"), result.Pod("default", "a").Address);
    }

    [Fact]
    public void PodWithoutServiceAccount_UsesDefault()
    {
        var result = Manifest.LoadClean("kind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c}]}\n");

        Assert.True(result.Pod("default", "a").Labels.TryGetValue(LabelSources.K8s, LabelSources.ServiceAccountKey, out var sa));
        Assert.Equal("default", sa);
    }

    [Fact]
    public void PodWithoutName_IsAnError_AndNotLoaded()
    {
        var result = Manifest.Load("kind: Pod\nmetadata: {namespace: prod}\n");

        Assert.Equal("metadata.name", result.SingleError().Field);
        Assert.Empty(result.Cluster.Pods);
    }

    [Fact]
    public void SamePodDefinedTwice_LaterDefinitionWins_WithWarning()
    {
        var result = Manifest.Load("""
            kind: Pod
            metadata: {name: a, labels: {v: "1"}}
            ---
            kind: Pod
            metadata: {name: a, labels: {v: "2"}}
            """);

        Assert.True(Assert.Single(result.Cluster.Pods).Labels.TryGetValue(LabelSources.K8s, "v", out var v));
        Assert.Equal("2", v);
        Assert.Equal(Severity.Warning, Assert.Single(result.Diagnostics).Severity);
    }
}
