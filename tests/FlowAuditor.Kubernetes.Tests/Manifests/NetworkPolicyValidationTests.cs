using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.Manifests;

/// <summary>What the API server rejects is an error naming the object and field; that policy is not loaded.</summary>
public sealed class NetworkPolicyValidationTests
{
    [Fact]
    public void InvalidCidr_NamesObjectAndField_AndOtherObjectsStillLoad()
    {
        var result = ManifestLoader.LoadText("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-web, namespace: prod}
            spec:
              podSelector: {}
              ingress:
              - from:
                - podSelector: {}
                - ipBlock:
                    cidr: 10.0.0.0/33
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: other, namespace: prod}
            spec: {podSelector: {}}
            ---
            kind: Pod
            metadata: {name: a, namespace: prod}
            """, "policies.yaml");

        var error = result.SingleError();
        Assert.Equal(("policies.yaml", 10), (error.File, error.Line));
        Assert.Equal("NetworkPolicy prod/allow-web", error.Object);
        Assert.Equal("spec.ingress[0].from[1].ipBlock.cidr", error.Field);
        Assert.Equal("other", Assert.Single(result.Policies.Policies).Ref.Name);
        Assert.Single(result.Cluster.Pods);
        Assert.True(result.HasErrors);
    }

    [Theory]
    [InlineData("{key: app, operator: Equals, values: [a]}", "spec.podSelector.matchExpressions[0].operator")]
    [InlineData("{key: app, operator: In}", "spec.podSelector.matchExpressions[0].values")]
    [InlineData("{key: app, operator: NotIn, values: []}", "spec.podSelector.matchExpressions[0].values")]
    [InlineData("{key: app, operator: Exists, values: [a]}", "spec.podSelector.matchExpressions[0].values")]
    [InlineData("{operator: Exists}", "spec.podSelector.matchExpressions[0].key")]
    public void InvalidMatchExpression_IsAnError(string expression, string field) =>
        AssertRejected($"spec: {{podSelector: {{matchExpressions: [{expression}]}}}}", field);

    [Theory]
    [InlineData("{port: 0}", "spec.ingress[0].ports[0].port")]
    [InlineData("{port: 65536}", "spec.ingress[0].ports[0].port")]
    [InlineData("{port: 100, endPort: 99}", "spec.ingress[0].ports[0].endPort")]
    [InlineData("{port: http, endPort: 99}", "spec.ingress[0].ports[0].endPort")]
    [InlineData("{endPort: 99}", "spec.ingress[0].ports[0].endPort")]
    [InlineData("{port: 80, endPort: 70000}", "spec.ingress[0].ports[0].endPort")]
    [InlineData("{protocol: ICMP}", "spec.ingress[0].ports[0].protocol")]
    [InlineData("{protocol: tcp, port: 80}", "spec.ingress[0].ports[0].protocol")]
    [InlineData("{port: Http_Port}", "spec.ingress[0].ports[0].port")]
    [InlineData("{port: \"80\"}", "spec.ingress[0].ports[0].port")]
    public void InvalidPort_IsAnError(string port, string field) =>
        AssertRejected($"spec: {{podSelector: {{}}, ingress: [{{ports: [{port}]}}]}}", field);

    [Theory]
    [InlineData("{cidr: 10.0.0.0/8, except: [192.168.0.0/16]}", "spec.egress[0].to[0].ipBlock.except[0]")]
    [InlineData("{cidr: 10.0.0.0/8, except: [10.0.0.0/8]}", "spec.egress[0].to[0].ipBlock.except[0]")]
    [InlineData("{cidr: 10.0.0.0/8, except: [\"fd00::/8\"]}", "spec.egress[0].to[0].ipBlock.except[0]")]
    [InlineData("{cidr: 10.0.0.0/8, except: [10.1.0.0]}", "spec.egress[0].to[0].ipBlock.except[0]")]
    [InlineData("{cidr: 010.0.0.0/8}", "spec.egress[0].to[0].ipBlock.cidr")]
    [InlineData("{cidr: not-a-cidr}", "spec.egress[0].to[0].ipBlock.cidr")]
    [InlineData("{except: [10.0.0.0/8]}", "spec.egress[0].to[0].ipBlock.cidr")]
    public void InvalidIpBlock_IsAnError(string ipBlock, string field) =>
        AssertRejected($"spec: {{podSelector: {{}}, egress: [{{to: [{{ipBlock: {ipBlock}}}]}}]}}", field);

    [Fact]
    public void IpBlockTogetherWithSelector_IsAnError() =>
        AssertRejected("spec: {podSelector: {}, ingress: [{from: [{podSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}]}]}", "spec.ingress[0].from[0]");

    [Fact]
    public void EmptyPeer_IsAnError() =>
        AssertRejected("spec: {podSelector: {}, ingress: [{from: [{}]}]}", "spec.ingress[0].from[0]");

    [Fact]
    public void UnknownPolicyType_IsAnError() =>
        AssertRejected("spec: {podSelector: {}, policyTypes: [Inbound]}", "spec.policyTypes[0]");

    [Fact]
    public void InvalidMatchLabelsKey_IsAnError() =>
        AssertRejected("spec: {podSelector: {matchLabels: {\"bad key\": a}}}", "spec.podSelector.matchLabels");

    [Fact]
    public void WrongShape_IsAnError() =>
        AssertRejected("spec: {podSelector: {}, ingress: {from: []}}", "spec.ingress");

    [Fact]
    public void CidrWithHostBits_IsMaskedWithWarning()
    {
        var result = ManifestLoader.LoadText("""
            kind: NetworkPolicy
            metadata: {name: p}
            spec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.1.2.3/8}}]}]}
            """, "p.yaml");

        Assert.Equal(Severity.Warning, Assert.Single(result.Diagnostics).Severity);
        var peer = Assert.IsType<FlowAuditor.Core.Policies.CidrPeer>(Assert.Single(result.Policies.Policies).Egress[0].Peers[0]);
        Assert.Equal("10.0.0.0/8", peer.Block.Cidr.ToString());
    }

    private static void AssertRejected(string spec, string field)
    {
        var result = ManifestLoader.LoadText($$"""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: prod}
            {{spec}}
            """, "p.yaml");

        var error = result.SingleError();
        Assert.Equal(("NetworkPolicy prod/p", field), (error.Object, error.Field));
        Assert.Equal(4, error.Line);
        Assert.Empty(result.Policies.Policies);
    }
}
