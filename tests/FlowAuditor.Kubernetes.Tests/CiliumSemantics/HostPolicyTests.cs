using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>docs.cilium.io "Host Policies": a CCNP with nodeSelector applies to nodes; FlowAuditor reports it as not evaluated.</summary>
public sealed class HostPolicyTests
{
    [Fact]
    public void NodeSelectorHostPolicy_IsReportedNotEvaluated()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: "demo-host-policy"
            spec:
              description: ""
              nodeSelector:
                matchLabels:
                  node-access: ssh
              ingress:
              - fromEntities:
                - cluster
              - toPorts:
                - ports:
                  - port: "22"
                    protocol: TCP
            """);

        var reported = Assert.Single(policies.NotEvaluated);
        Assert.Equal(new PolicyRef(PolicyKind.CiliumClusterwideNetworkPolicy, null, "demo-host-policy"), reported.Ref);
        Assert.Equal("host policy (nodeSelector) is not evaluated", reported.NotEvaluatedReason);
        var toHost = policies.Ingress(World("203.0.113.9"), Reserved("reserved:host"), Protocol.TCP, 80);
        Assert.False(toHost.Applies);
        Assert.Empty(policies.PoliciesSelecting(Pod("default", ["k8s:app=web"]), TrafficDirection.Ingress));
        Assert.True(policies.Allows(World("203.0.113.9"), Pod("default", ["k8s:app=web"]), Protocol.TCP, 80));
    }
}
