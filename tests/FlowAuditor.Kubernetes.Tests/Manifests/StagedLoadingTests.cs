using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Kubernetes.Tests.Manifests;

/// <summary>Staged manifests: ordinary policy documents, a delete annotation, and the StagedPolicy custom resource.</summary>
public sealed class StagedLoadingTests
{
    [Fact]
    public void PolicyDocumentsSet_AndTheAnnotationDeletes_WithoutASpec()
    {
        var result = StagedManifestLoader.LoadText("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-scrape, namespace: production}
            spec:
              podSelector: {matchLabels: {app: backend}}
              ingress: [{ports: [{port: 9090}]}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: allow-frontend-egress
              namespace: production
              annotations: {flowauditor.io/staged-action: delete}
            ---
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: old-wide
              annotations: {flowauditor.io/staged-action: delete}
            """, "staged.yaml");

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity != Severity.Info);
        Assert.Equal(
            [(StagedAction.Set, "NetworkPolicy 'production/allow-scrape'", 1), (StagedAction.Delete, "NetworkPolicy 'production/allow-frontend-egress'", 0),
             (StagedAction.Delete, "CiliumClusterwideNetworkPolicy 'old-wide'", 0)],
            result.Changes.Select(c => (c.Action, c.Target.ToString(), c.Policies.Count)));
        Assert.Equal("staged.yaml:1", result.Changes[0].Source);
    }

    [Fact]
    public void StagedPolicyResource_EmbedsTheManifest_WhoseNamespaceDefaultsToTheResources()
    {
        var result = StagedManifestLoader.LoadText("""
            apiVersion: flowauditor.io/v1alpha1
            kind: StagedPolicy
            metadata: {name: open-metrics, namespace: production}
            spec:
              action: set
              policy:
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: allow-scrape}
                spec:
                  endpointSelector: {matchLabels: {app: backend}}
                  ingress: [{toPorts: [{ports: [{port: "9090", protocol: TCP}]}]}]
            ---
            apiVersion: flowauditor.io/v1alpha1
            kind: StagedPolicy
            metadata: {name: drop-old, namespace: production}
            spec:
              action: delete
              policy: {kind: NetworkPolicy, metadata: {name: legacy, namespace: staging}}
            """, "cr.yaml");

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity != Severity.Info);
        var set = result.Changes[0];
        Assert.Equal((StagedAction.Set, new PolicyRef(PolicyKind.CiliumNetworkPolicy, "production", "allow-scrape"), "StagedPolicy production/open-metrics"), (set.Action, set.Target, set.Source));
        Assert.True(Assert.Single(set.Policies).IsolatesIngress);
        Assert.Equal(StagedChange.Delete(new PolicyRef(PolicyKind.NetworkPolicy, "staging", "legacy")).Target, result.Changes[1].Target);
    }

    [Theory]
    [InlineData("metadata: {name: x, namespace: p, annotations: {flowauditor.io/staged-action: remove}}\nspec: {podSelector: {}}", 2, "metadata.annotations.flowauditor.io/staged-action", "must be 'set' or 'delete', not 'remove'; not staged")]
    [InlineData("metadata: {name: x, namespace: p}", 1, "spec", "is required")]
    [InlineData("metadata: {namespace: p, annotations: {flowauditor.io/staged-action: delete}}", 2, "metadata.name", "is required")]
    public void BadPolicyDocuments_GetOneLineDiagnostics_AndAreNotStaged(string body, int line, string field, string message)
    {
        var result = StagedManifestLoader.LoadText("kind: NetworkPolicy\n" + body, "bad.yaml");

        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(("bad.yaml", line, field, message), (error.File, error.Line, error.Field, error.Message));
        Assert.Empty(result.Changes);
        Assert.True(result.HasErrors);
    }

    [Theory]
    [InlineData("spec: {action: apply, policy: {kind: NetworkPolicy, metadata: {name: a}}}", "spec.action", "must be 'set' or 'delete', not 'apply'")]
    [InlineData("spec: {policy: {kind: NetworkPolicy, metadata: {name: a}}}", "spec.action", "is required (set or delete)")]
    [InlineData("spec: {action: delete}", "spec.policy", "is required (the NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy to stage)")]
    [InlineData("spec: {action: delete, policy: {kind: Pod, metadata: {name: a}}}", "spec.policy.kind", "must be NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy, not 'Pod'")]
    public void BadStagedPolicies_NameTheField_AndTheRestStillLoads(string spec, string field, string message)
    {
        var result = StagedManifestLoader.LoadText($"""
            apiVersion: flowauditor.io/v1alpha1
            kind: StagedPolicy
            metadata: {"{"}name: broken, namespace: production{"}"}
            {spec}
            ---
            kind: NetworkPolicy
            metadata: {"{"}name: fine, namespace: production{"}"}
            spec: {"{"}podSelector: {"{"}{"}"}{"}"}
            """, "cr.yaml");

        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(("StagedPolicy production/broken", field, message), (error.Object, error.Field, error.Message));
        Assert.Equal("fine", Assert.Single(result.Changes).Target.Name);
        Assert.StartsWith("cr.yaml:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePoliciesOfASetAreTranslatedAsEnforcedOnesWouldBe_ErrorsIncluded()
    {
        var result = StagedManifestLoader.LoadText("""
            kind: NetworkPolicy
            metadata: {name: wide, namespace: p}
            spec:
              podSelector: {}
              ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]
            """, "bad.yaml");

        Assert.Equal("spec.ingress[0].from[0].ipBlock.cidr", Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error).Field);
        Assert.Empty(result.Changes);
    }
}
