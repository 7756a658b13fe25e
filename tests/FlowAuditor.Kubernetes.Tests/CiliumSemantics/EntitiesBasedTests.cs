using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io, Layer 3 "Entities based": what each entity name selects, probed with the identities Hubble
/// reports (reserved labels, a pod, a world address).
/// </summary>
public sealed class EntitiesBasedTests
{
    private static readonly Endpoint Public = Pod("default", ["k8s:role=public"]);
    private static readonly EvaluationOptions HostByPolicy = EvaluationOptions.Cilium with { AllowLocalhost = AllowLocalhost.Policy };

    public static TheoryData<string, string, bool> EntityMatrix => new()
    {
        // entity, peer (pod | world | reserved labels), admitted
        { "world", "world", true },
        { "world", "pod", false },
        { "world", "reserved:host", false },
        { "world", "reserved:remote-node", false },
        { "cluster", "pod", true },
        { "cluster", "reserved:host", true },
        { "cluster", "reserved:remote-node", true },
        { "cluster", "reserved:kube-apiserver", true },
        { "cluster", "reserved:health", true },
        { "cluster", "reserved:init", true },
        { "cluster", "reserved:unmanaged", true },
        { "cluster", "reserved:ingress", true },
        { "cluster", "world", false },
        { "host", "reserved:host", true },
        { "host", "reserved:remote-node", false },
        { "host", "pod", false },
        { "remote-node", "reserved:remote-node", true },
        { "remote-node", "reserved:host", false },
        { "kube-apiserver", "reserved:kube-apiserver", true },
        { "kube-apiserver", "reserved:host", false },
        { "health", "reserved:health", true },
        { "health", "reserved:host", false },
        { "init", "reserved:init", true },
        { "ingress", "reserved:ingress", true },
        { "ingress", "pod", false },
        { "unmanaged", "reserved:unmanaged", true },
        { "all", "world", true },
        { "all", "pod", true },
        { "all", "reserved:remote-node", true },
    };

    [Theory]
    [MemberData(nameof(EntityMatrix))]
    public void FromEntities_AdmitsExactlyTheDocumentedIdentities(string entity, string peer, bool admitted)
    {
        // allow-localhost=policy: the entity alone decides for the host too (with the default `always`, the host is
        // admitted whatever the entity; see CiliumAgentBehaviourTests).
        var policies = CiliumPolicies.Load($$$"""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: from-entity, namespace: default}
            spec:
              endpointSelector: {matchLabels: {role: public}}
              ingress:
              - fromEntities:
                - {{{entity}}}
            """, HostByPolicy);
        var source = peer switch
        {
            "pod" => Pod("other", ["k8s:app=client"]),
            "world" => World("203.0.113.7"),
            _ => Reserved(peer),
        };

        Assert.Equal(admitted, policies.Allows(source, Public, Protocol.TCP, 443));
    }

    [Fact]
    public void FromEntitiesWorld_AllowsExternalAddresses_NotClusterPods()
    {
        // Docs "Access to/from outside cluster" (world.yaml), with IPv4 and IPv6 world identities.
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "from-world-to-role-public"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  role: public
              ingress:
                - fromEntities:
                  - world
            """);

        Assert.True(policies.Allows(World("198.51.100.20"), Public, Protocol.TCP, 80));
        Assert.True(policies.Allows(World("2001:db8::20"), Public, Protocol.TCP, 80));
        Assert.True(policies.Allows(Reserved("reserved:world"), Public, Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("default", ["k8s:role=frontend"]), Public, Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("default", ["k8s:role=frontend"]), Pod("default", ["k8s:role=private"]), Protocol.TCP, 80));
    }

    [Fact]
    public void ToEntitiesKubeApiServer_MatchesTheHostIdentityCarryingTheKubeApiserverLabel()
    {
        // Docs "Access to/from kube-apiserver" (apiserver.yaml). On a control-plane node Hubble reports the
        // apiserver as identity 1 with both reserved:host and reserved:kube-apiserver; entity selectors are label
        // selectors, so both `host` and `kube-apiserver` select it.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: allow-to-apiserver
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  env: dev
              egress:
                - toEntities:
                  - kube-apiserver
            """);
        var dev = Pod("default", ["k8s:env=dev"]);

        Assert.True(policies.Allows(dev, Reserved("reserved:host", "reserved:kube-apiserver"), Protocol.TCP, 6443));
        Assert.True(policies.Allows(dev, Reserved("reserved:kube-apiserver", "reserved:remote-node"), Protocol.TCP, 6443));
        Assert.False(policies.Allows(dev, Reserved("reserved:host"), Protocol.TCP, 6443));
        Assert.False(policies.Allows(dev, Reserved("reserved:remote-node"), Protocol.TCP, 6443));
        Assert.False(policies.Allows(dev, World("192.0.2.1"), Protocol.TCP, 6443));
    }

    [Fact]
    public void ToEntitiesHost_StillMatchesTheHostWhenItAlsoRunsTheApiserver()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: to-host, namespace: default}
            spec:
              endpointSelector: {matchLabels: {env: dev}}
              egress:
              - toEntities: [host]
            """);
        var dev = Pod("default", ["k8s:env=dev"]);

        Assert.True(policies.Allows(dev, Reserved("reserved:host", "reserved:kube-apiserver"), Protocol.TCP, 6443));
        Assert.False(policies.Allows(dev, Reserved("reserved:kube-apiserver", "reserved:remote-node"), Protocol.TCP, 6443));
    }
}
