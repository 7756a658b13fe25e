using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io "Policy Enforcement Modes" / Layer 3 "Ingress/Egress Default Deny", and the
/// <c>Rule.EnableDefaultDeny</c> API doc: "the default is true for each traffic direction that has rules ... If
/// multiple policies apply to an endpoint, that endpoint's default deny will be enabled if any policy requests it."
/// </summary>
public sealed class DefaultDenyTests
{
    private static readonly Endpoint Api = Pod("prod", ["k8s:app=api"]);
    private static readonly Endpoint Web = Pod("prod", ["k8s:app=web"]);

    [Fact]
    public void EgressDefaultDeny_EmptyRuleIsolatesWithoutAllowingAnything()
    {
        // Docs egress-default-deny.yaml: `egress: [{}]`.
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "deny-all-egress"
              namespace: prod
            spec:
              endpointSelector:
                matchLabels:
                  app: api
              egress:
              - {}
            """);

        var verdict = policies.Egress(Api, Web, Protocol.TCP, 80);
        Assert.False(verdict.Allowed);
        Assert.Equal("deny-all-egress", Assert.Single(verdict.IsolatedBy).Name);
        Assert.False(policies.Allows(Api, World("192.0.2.1"), Protocol.UDP, 53));
        Assert.True(policies.Allows(Web, Api, Protocol.TCP, 80));
    }

    [Fact]
    public void EnableDefaultDenyIngressFalse_SelectsWithoutIsolating()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: allow-monitoring
            spec:
              endpointSelector: {}
              enableDefaultDeny:
                ingress: false
              ingress:
              - fromEndpoints:
                - matchLabels:
                    k8s:io.kubernetes.pod.namespace: monitoring
                toPorts:
                - ports:
                  - port: "9090"
            """);
        var prometheus = Pod("monitoring", ["k8s:app=prometheus"]);

        var verdict = policies.Ingress(Web, Api, Protocol.TCP, 8080);
        Assert.True(verdict.Allowed);
        Assert.False(verdict.Isolated);
        Assert.True(policies.Allows(prometheus, Api, Protocol.TCP, 9090));
        Assert.NotEmpty(policies.Ingress(prometheus, Api, Protocol.TCP, 9090).AllowedBy);
    }

    [Fact]
    public void NonIsolatingPolicyRules_StillAddToTheAllowsOnceAnotherPolicyIsolates()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: allow-monitoring}
            spec:
              endpointSelector: {}
              enableDefaultDeny: {ingress: false}
              ingress:
              - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: monitoring}}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress:
              - fromEndpoints: [{matchLabels: {app: web}}]
            """);

        var verdict = policies.Ingress(Pod("monitoring", ["k8s:app=prometheus"]), Api, Protocol.TCP, 9090);
        Assert.True(verdict.Allowed);
        Assert.Equal([new PolicyRef(PolicyKind.CiliumNetworkPolicy, "prod", "api")], verdict.IsolatedBy);
        Assert.True(policies.Allows(Web, Api, Protocol.TCP, 8080));
        Assert.False(policies.Allows(Pod("prod", ["k8s:app=batch"]), Api, Protocol.TCP, 8080));
    }

    [Fact]
    public void PolicyWithOnlyIngress_DoesNotIsolateEgress()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: ingress-only, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress:
              - fromEndpoints: [{matchLabels: {app: web}}]
            """);

        Assert.False(policies.Egress(Api, World("192.0.2.1"), Protocol.TCP, 443).Isolated);
        Assert.True(policies.Ingress(World("192.0.2.1"), Api, Protocol.TCP, 443).Isolated);
    }
}
