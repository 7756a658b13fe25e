using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io "Network Policy" (Kubernetes): NetworkPolicy, CNP and CCNP run together; Cilium evaluates them
/// on one model, so allows are a union across kinds and a deny of any kind wins.
/// </summary>
public sealed class PolicyMixTests
{
    private static readonly Endpoint Api = Pod("prod", ["k8s:app=api"], ["team=core"]);

    [Fact]
    public void MixOfNetworkPolicyAndCnp_AllowsTheUnionOfBoth()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-to-api, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: api}}
              ingress:
              - from: [{podSelector: {matchLabels: {app: web}}}]
                ports: [{protocol: TCP, port: 8080}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: world-to-api, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress:
              - fromEntities: [world]
                toPorts: [{ports: [{port: "443", protocol: TCP}]}]
            """);
        var web = Pod("prod", ["k8s:app=web"]);

        var byNp = policies.Ingress(web, Api, Protocol.TCP, 8080);
        Assert.True(byNp.Allowed);
        Assert.Equal(PolicyKind.NetworkPolicy, Assert.Single(byNp.AllowedBy).Policy.Kind);
        var byCnp = policies.Ingress(World("203.0.113.5"), Api, Protocol.TCP, 443);
        Assert.True(byCnp.Allowed);
        Assert.Equal(PolicyKind.CiliumNetworkPolicy, Assert.Single(byCnp.AllowedBy).Policy.Kind);
        Assert.Equal(2, byCnp.IsolatedBy.Count);

        Assert.False(policies.Allows(web, Api, Protocol.TCP, 443));
        Assert.False(policies.Allows(World("203.0.113.5"), Api, Protocol.TCP, 8080));
    }

    [Fact]
    public void NetworkPolicyNamespaceSelector_MatchesHubbleNamespaceLabels()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: from-team-core, namespace: prod}
            spec:
              podSelector: {}
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {team: core}}
            """);

        Assert.True(policies.Allows(Pod("tools", ["k8s:app=cli"], ["team=core"]), Api, Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("tools", ["k8s:app=cli"], ["team=edge"]), Api, Protocol.TCP, 80));
    }

    [Fact]
    public void CcnpDeny_WinsOverANetworkPolicyAllow_InAnotherNamespace()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-egress, namespace: prod}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: no-metadata-service}
            spec:
              endpointSelector: {}
              egressDeny:
              - toCIDR: [169.254.169.254/32]
              enableDefaultDeny: {egress: false}
            """);

        Assert.False(policies.Allows(Api, World("169.254.169.254"), Protocol.TCP, 80));
        Assert.True(policies.Allows(Api, World("192.0.2.1"), Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("dev", ["k8s:app=x"]), World("192.0.2.1"), Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("dev", ["k8s:app=x"]), World("169.254.169.254"), Protocol.TCP, 80));
    }
}
