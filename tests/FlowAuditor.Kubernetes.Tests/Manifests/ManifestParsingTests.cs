using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.Manifests;

public sealed class ManifestParsingTests
{
    [Fact]
    public void MultiDocumentFile_LoadsEveryDocument()
    {
        var result = Manifest.LoadClean("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: prod}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: prod}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: prod}
            ---
            """);

        Assert.Equal(["a", "b"], result.Cluster.Pods.Select(p => p.Name));
        Assert.Contains("prod", result.Cluster.Namespaces.Keys);
    }

    [Fact]
    public void KindList_LoadsItemsOfMixedKinds()
    {
        var result = Manifest.LoadClean("""
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: prod}}
            - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: prod}}
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: deny, namespace: prod}
              spec: {podSelector: {}}
            """);

        Assert.Single(result.Cluster.Pods);
        Assert.Single(result.Policies.Policies);
    }

    [Fact]
    public void TypedListWrapper_ItemsWithoutKind_TakeTheListsItemKind()
    {
        var result = Manifest.LoadClean("""
            apiVersion: v1
            kind: PodList
            items:
            - metadata: {name: a, namespace: prod}
            - metadata: {name: b, namespace: prod}
            """);

        Assert.Equal(2, result.Cluster.Pods.Count);
    }

    [Fact]
    public void DeploymentListAndNetworkPolicyList_AreUnwrapped()
    {
        var result = Manifest.LoadClean("""
            apiVersion: apps/v1
            kind: DeploymentList
            items:
            - metadata: {name: web}
              spec: {template: {metadata: {labels: {app: web}}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicyList
            items:
            - metadata: {name: p1}
              spec: {podSelector: {}}
            """);

        Assert.Equal(new WorkloadRef("default", "web", "Deployment"), Assert.Single(result.Cluster.Workloads));
        Assert.Single(result.Policies.Policies);
    }

    [Fact]
    public void JsonManifest_WithTabsAndTypedList_Loads()
    {
        var result = Manifest.LoadClean("{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"NamespaceList\",\n\t\"items\": [\n\t\t{\n\t\t\t\"metadata\": {\"name\": \"bank\", \"labels\": {\"team\": \"money\"}}\n\t\t}\n\t]\n}\n");

        Assert.Equal("money", result.Cluster.Namespaces["bank"]["team"]);
    }

    [Fact]
    public void JsonNetworkPolicy_QuotedPortNumberIsANamedPort_UnquotedIsANumber()
    {
        var result = Manifest.LoadClean("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
             "metadata": {"name": "p", "namespace": "prod"},
             "spec": {"podSelector": {}, "ingress": [{"ports": [{"port": 80}, {"port": "http"}]}]}}
            """);

        var ports = result.Policies.Policies[0].Ingress[0].Ports;
        Assert.Equal(80, ports[0].Port);
        Assert.Equal("http", ports[1].Name);
    }

    [Fact]
    public void MalformedYaml_ReportsFileAndLine()
    {
        var result = ManifestLoader.LoadText("""
            kind: Pod
            metadata:
              name: a
             namespace: prod
            """, "bad.yaml");

        var error = result.SingleError();
        Assert.Equal("bad.yaml", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("malformed YAML", error.Message, StringComparison.Ordinal);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void MalformedLaterDocument_EarlierDocumentsStillLoad()
    {
        var result = ManifestLoader.LoadText("""
            kind: Pod
            metadata: {name: a}
            ---
            kind: Pod
            metadata: {name: [b
            """, "bad.yaml");

        Assert.Single(result.Cluster.Pods);
        Assert.Equal(5, result.SingleError().Line);
    }

    [Fact]
    public void DuplicateMappingKey_IsAnErrorWithLine()
    {
        var result = ManifestLoader.LoadText("kind: Pod\nmetadata: {name: a}\nkind: Pod\n", "dup.yaml");

        Assert.Equal(3, result.SingleError().Line);
    }

    [Fact]
    public void UnknownKind_IsSkippedWithInfoNamingFileLineAndObject()
    {
        var result = ManifestLoader.LoadText("""
            kind: Pod
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: prod}
            """, "svc.yaml");

        var note = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Info, note.Severity);
        Assert.Equal(("svc.yaml", 4, "Service prod/web"), (note.File, note.Line, note.Object));
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void DocumentWithoutKind_IsSkippedWithWarning()
    {
        var result = Manifest.Load("metadata: {name: a}\n");

        Assert.Equal(Severity.Warning, Assert.Single(result.Diagnostics).Severity);
        Assert.Empty(result.Cluster.Pods);
    }

    [Fact]
    public void MissingPath_IsAnErrorDiagnostic_NotAnException()
    {
        var result = ManifestLoader.Load(["/nonexistent/flowauditor/manifests"]);

        Assert.True(result.HasErrors);
        Assert.Equal("/nonexistent/flowauditor/manifests", result.SingleError().File);
    }

    [Fact]
    public void Directory_IsLoadedRecursively_ManifestExtensionsOnly_InSortedOrder()
    {
        var dir = Directory.CreateTempSubdirectory("flowauditor-manifests-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sub"));
            File.WriteAllText(Path.Combine(dir.FullName, "b.yml"), "kind: Pod\nmetadata: {name: b}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "kind: Pod\nmetadata: {name: a}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "c.json"), """{"kind": "Pod", "metadata": {"name": "c"}}""");
            File.WriteAllText(Path.Combine(dir.FullName, "README.md"), "kind: Pod\n");

            var result = ManifestLoader.Load([dir.FullName]);

            Assert.Empty(result.Diagnostics);
            Assert.Equal(["a", "b", "c"], result.Cluster.Pods.Select(p => p.Name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
