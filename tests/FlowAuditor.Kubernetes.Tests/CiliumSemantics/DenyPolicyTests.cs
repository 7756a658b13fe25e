using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io, "Deny Policies": deny takes precedence over allow whatever the policy kind (CNP, CCNP or
/// Kubernetes NetworkPolicy); a deny-only policy still puts the pod in default deny.
/// </summary>
public sealed class DenyPolicyTests
{
    private const string AllowPolicies = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: allow-l7, namespace: default}
        spec:
          endpointSelector: {matchLabels: {app: server}}
          ingress:
          - fromEndpoints: [{matchLabels: {app: client}}]
            toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: allow-l4, namespace: default}
        spec:
          endpointSelector: {matchLabels: {app: server}}
          ingress:
          - toPorts: [{ports: [{port: "80", protocol: TCP}, {port: "81", protocol: TCP}]}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: allow-l3, namespace: default}
        spec:
          endpointSelector: {matchLabels: {app: server}}
          ingress:
          - fromEndpoints: [{matchLabels: {app: client}}]
        ---

        """;

    private const string DenyL4 = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: deny-l4, namespace: default}
        spec:
          endpointSelector: {matchLabels: {app: server}}
          ingressDeny:
          - toPorts: [{ports: [{port: "80", protocol: TCP}]}]
        ---

        """;

    private const string DenyL3 = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: deny-l3, namespace: default}
        spec:
          endpointSelector: {matchLabels: {app: server}}
          ingressDeny:
          - fromEndpoints: [{matchLabels: {app: client}}]
        ---

        """;

    private static readonly Endpoint Client = Pod("default", ["k8s:app=client"]);
    private static readonly Endpoint Server = Pod("default", ["k8s:app=server"]);

    [Theory]
    [InlineData(true, false, false, true, true, true)]
    [InlineData(true, true, false, true, false, true)]
    [InlineData(true, false, true, false, false, false)]
    [InlineData(true, true, true, false, false, false)]
    [InlineData(false, true, false, false, false, false)]
    public void DenyPrecedenceTable_MatchesTheDocumentedResults(bool allows, bool denyL4, bool denyL3, bool curl81, bool curl80, bool ping)
    {
        var yaml = (allows ? AllowPolicies : string.Empty) + (denyL4 ? DenyL4 : string.Empty) + (denyL3 ? DenyL3 : string.Empty);
        var policies = CiliumPolicies.Load(yaml);

        Assert.Equal(curl81, policies.Allows(Client, Server, Protocol.TCP, 81));
        Assert.Equal(curl80, policies.Allows(Client, Server, Protocol.TCP, 80));
        Assert.Equal(ping, policies.Allows(Client, Server, Protocol.ICMPv4, 8));
    }

    [Fact]
    public void EgressDenyRule_WinsOverAnAllowingRuleInAnotherPolicy_AndTheResultNamesTheDenyRule()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: allow-backend, namespace: default}
            spec:
              endpointSelector: {matchLabels: {role: frontend}}
              egress:
              - toEndpoints: [{matchLabels: {role: backend}}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: no-backend-admin-port}
            spec:
              endpointSelector: {}
              egress:
              - toEntities: [all]
              egressDeny:
              - toEndpoints: [{matchLabels: {role: backend}}]
                toPorts: [{ports: [{port: "9000", protocol: TCP}]}]
            """);
        var frontend = Pod("default", ["k8s:role=frontend"]);
        var backend = Pod("default", ["k8s:role=backend"]);

        var denied = policies.Egress(frontend, backend, Protocol.TCP, 9000);
        Assert.False(denied.Allowed);
        var denial = Assert.Single(denied.Denials);
        Assert.Equal(new Denial(new PolicyRef(PolicyKind.CiliumClusterwideNetworkPolicy, null, "no-backend-admin-port"), 1, DenialReason.DenyRule), denial);
        Assert.True(policies.Egress(frontend, backend, Protocol.TCP, 8080).Allowed);
    }

    [Fact]
    public void CnpDenyRule_WinsOverAKubernetesNetworkPolicyAllow()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-all-ingress, namespace: default}
            spec:
              podSelector: {}
              ingress: [{}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: deny-from-client, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: server}}
              ingressDeny:
              - fromEndpoints: [{matchLabels: {app: client}}]
            """);

        var verdict = policies.Ingress(Client, Server, Protocol.TCP, 80);
        Assert.False(verdict.Allowed);
        Assert.Equal("deny-from-client", Assert.Single(verdict.Denials, d => d.Reason == DenialReason.DenyRule).Policy.Name);
        Assert.True(policies.Allows(Pod("default", ["k8s:app=other"]), Server, Protocol.TCP, 80));
    }

    [Fact]
    public void FromWorldDenyCcnp_DeniesWorld_KeepsEverythingElse()
    {
        // Docs from_world_deny.yaml: deny ingress from world on all pods, allow from everywhere else.
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: "external-lockdown"
            spec:
              endpointSelector: {}
              ingressDeny:
              - fromEntities:
                - "world"
              ingress:
              - fromEntities:
                - "all"
            """);

        Assert.False(policies.Allows(World("203.0.113.9"), Server, Protocol.TCP, 443));
        Assert.True(policies.Allows(Client, Server, Protocol.TCP, 443));
        Assert.True(policies.Allows(Reserved("reserved:remote-node"), Pod("kube-system", ["k8s:app=dns"]), Protocol.UDP, 53));
    }

    [Fact]
    public void ToFqdnsInEgressDeny_IsNotSupported_WarnedAndNotEnforced()
    {
        // Docs: "Deny policies do not support ... toFQDNs". EgressDenyRule has no toFQDNs field, so Cilium drops it.
        var result = Support.Manifest.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: no-example, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: client}}
              egress:
              - toEntities: [world]
              egressDeny:
              - toFQDNs: [{matchName: example.com}]
            """);
        var policies = new PolicyEvaluator(result.Policies);

        var warning = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Contains("spec.egressDeny[0].toFQDNs", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.True(policies.Allows(Client, World("93.184.216.34", "example.com"), Protocol.TCP, 443));
    }
}
