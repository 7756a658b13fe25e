using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io, Security > Network Policy > Layer 3 "Endpoints based" and "Using Kubernetes Constructs in Policy"
/// (namespaces, service accounts, clusterwide policies); Cilium's <c>getEndpointSelector</c> for namespace scoping.
/// </summary>
public sealed class EndpointsBasedTests
{
    private static readonly Core.Endpoints.Endpoint Frontend = Pod("default", ["k8s:role=frontend"]);
    private static readonly Core.Endpoints.Endpoint Backend = Pod("default", ["k8s:role=backend"]);
    private static readonly Core.Endpoints.Endpoint Other = Pod("default", ["k8s:role=other"]);
    private static readonly Core.Endpoints.Endpoint FrontendElsewhere = Pod("staging", ["k8s:role=frontend"]);

    [Fact]
    public void SimpleIngressAllow_AdmitsTheSelectedSourceOnly_WithinThePolicyNamespace()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: l3-rule
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  role: backend
              ingress:
              - fromEndpoints:
                - matchLabels:
                    role: frontend
            """);

        Assert.True(policies.Allows(Frontend, Backend, Protocol.TCP, 80));
        Assert.False(policies.Allows(Other, Backend, Protocol.TCP, 80));
        Assert.False(policies.Allows(FrontendElsewhere, Backend, Protocol.TCP, 80));
        Assert.True(policies.Allows(Backend, Other, Protocol.TCP, 80));
    }

    [Fact]
    public void EmptyToEndpointsInCnp_IsLimitedToThePolicyNamespace()
    {
        // Docs "Egress Allow All Endpoints": allows all egress from role=frontend to all endpoints in the same namespace.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: allow-all-to-ns
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  role: frontend
              egress:
              - toEndpoints:
                - {}
            """);

        Assert.True(policies.Allows(Frontend, Backend, Protocol.TCP, 8080));
        Assert.False(policies.Allows(Frontend, Pod("staging", ["k8s:role=backend"]), Protocol.TCP, 8080));
        Assert.False(policies.Allows(Frontend, World("192.0.2.10"), Protocol.TCP, 443));
    }

    [Fact]
    public void AllowAllEgress_DoesNotOverrideTheReceiversIngressPolicy()
    {
        // Docs: "policy must be configured on both sides (sender and receiver)".
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: sender, namespace: default}
            spec:
              endpointSelector: {matchLabels: {role: other}}
              egress:
              - toEndpoints: [{}]
            ---
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: receiver, namespace: default}
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints: [{matchLabels: {role: frontend}}]
            """);

        var verdict = policies.Evaluate(Other, Backend, Protocol.TCP, 80);
        Assert.True(verdict.Egress.Allowed);
        Assert.False(verdict.Ingress.Allowed);
        Assert.True(policies.Allows(Frontend, Backend, Protocol.TCP, 80));
    }

    [Fact]
    public void CcnpWithoutNamespaceLabel_SelectsPodsInEveryNamespace()
    {
        // Docs "Clusterwide Policies": name=luke from any namespace to name=leia in any namespace.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: interns
            spec:
              endpointSelector:
                matchLabels:
                  name: leia
              ingress:
              - fromEndpoints:
                - matchLabels:
                    name: luke
            """);
        var leiaInNs1 = Pod("ns1", ["k8s:name=leia"]);
        var leiaInNs2 = Pod("ns2", ["k8s:name=leia"]);

        Assert.True(policies.Allows(Pod("ns2", ["k8s:name=luke"]), leiaInNs1, Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("ns3", ["k8s:name=luke"]), leiaInNs2, Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("ns1", ["k8s:name=vader"]), leiaInNs1, Protocol.TCP, 80));
    }

    [Fact]
    public void CcnpWildcardFromEndpoints_AdmitsEveryManagedPod_NotReservedIdentities()
    {
        // Docs "Allow all ingress to kube-dns": all Cilium managed endpoints to kube-dns on 53/UDP.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: wildcard-from-endpoints
            spec:
              endpointSelector:
                matchLabels:
                  k8s:io.kubernetes.pod.namespace: kube-system
                  k8s-app: kube-dns
              ingress:
              - fromEndpoints:
                - {}
                toPorts:
                - ports:
                  - port: "53"
                    protocol: UDP
            """);
        var kubeDns = Pod("kube-system", ["k8s:k8s-app=kube-dns"]);

        Assert.True(policies.Allows(Pod("team-a", ["k8s:app=x"]), kubeDns, Protocol.UDP, 53));
        Assert.False(policies.Allows(Pod("team-a", ["k8s:app=x"]), kubeDns, Protocol.TCP, 53));
        Assert.False(policies.Allows(Reserved("reserved:remote-node"), kubeDns, Protocol.UDP, 53));
        Assert.False(policies.Allows(World("192.0.2.1"), kubeDns, Protocol.UDP, 53));
    }

    [Fact]
    public void ExplicitNamespaceLabelInToEndpoints_ReachesAnotherNamespace()
    {
        // Docs "Allow egress to kube-dns in kube-system namespace" (kubedns-policy).
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: allow-to-kubedns
              namespace: public
            spec:
              endpointSelector:
                matchLabels: {}
              egress:
              - toEndpoints:
                - matchLabels:
                    k8s:io.kubernetes.pod.namespace: kube-system
                    k8s-app: kube-dns
                toPorts:
                - ports:
                  - port: '53'
                    protocol: UDP
            """);
        var client = Pod("public", ["k8s:app=client"]);

        Assert.True(policies.Allows(client, Pod("kube-system", ["k8s:k8s-app=kube-dns"]), Protocol.UDP, 53));
        Assert.False(policies.Allows(client, Pod("public", ["k8s:k8s-app=kube-dns"]), Protocol.UDP, 53));
        Assert.False(policies.Allows(client, Pod("kube-system", ["k8s:k8s-app=metrics"]), Protocol.UDP, 53));
        Assert.True(policies.Allows(Pod("other", ["k8s:app=client"]), Pod("kube-system", ["k8s:k8s-app=metrics"]), Protocol.TCP, 80));
    }

    [Fact]
    public void NamespaceLabelSelectorInCcnp_MatchesPodsByTheirNamespaceLabels()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: team-a-only
            spec:
              endpointSelector:
                matchLabels:
                  app: db
              ingress:
              - fromEndpoints:
                - matchLabels:
                    k8s:io.cilium.k8s.namespace.labels.team: a
            """);
        var db = Pod("data", ["k8s:app=db"]);

        Assert.True(policies.Allows(Pod("shop", ["k8s:app=web"], ["team=a"]), db, Protocol.TCP, 5432));
        Assert.False(policies.Allows(Pod("blog", ["k8s:app=web"], ["team=b"]), db, Protocol.TCP, 5432));
        Assert.False(policies.Allows(Pod("misc", ["k8s:app=web"]), db, Protocol.TCP, 5432));
    }

    [Fact]
    public void NamespaceLabelSelectorInCnp_IsNotPinnedToThePolicyNamespace()
    {
        // Cilium's getEndpointSelector skips the policy-namespace match when the selector uses namespace labels
        // (test "parse-in-namespace-with-ns-labels-selector"); see docs/cilium-semantics.md.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: team-a-only, namespace: data}
            spec:
              endpointSelector: {matchLabels: {app: db}}
              ingress:
              - fromEndpoints:
                - matchLabels: {io.cilium.k8s.namespace.labels.team: a}
            """);
        var db = Pod("data", ["k8s:app=db"]);

        Assert.True(policies.Allows(Pod("shop", ["k8s:app=web"], ["team=a"]), db, Protocol.TCP, 5432));
        Assert.False(policies.Allows(Pod("data", ["k8s:app=web"], ["team=b"]), db, Protocol.TCP, 5432));
    }

    [Fact]
    public void ServiceAccountSelector_MatchesPodsRunningAsThatAccount()
    {
        // Docs "ServiceAccounts": pods running as luke may reach pods running as leia.
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "k8s-svc-account"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  io.cilium.k8s.policy.serviceaccount: leia
              ingress:
              - fromEndpoints:
                - matchLabels:
                    io.cilium.k8s.policy.serviceaccount: luke
                toPorts:
                - ports:
                  - port: '80'
                    protocol: TCP
            """);
        var leia = Pod("default", ["k8s:app=rebel"], serviceAccount: "leia");

        Assert.True(policies.Allows(Pod("default", ["k8s:app=x"], serviceAccount: "luke"), leia, Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("default", ["k8s:app=x"], serviceAccount: "vader"), leia, Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("default", ["k8s:app=x"], serviceAccount: "vader"), Pod("default", ["k8s:app=rebel"]), Protocol.TCP, 80));
    }

    [Fact]
    public void MatchExpressions_SelectSubjectsAndPeers()
    {
        // The service-mesh "default-deny" CCNP selects every namespace but kube-system with NotIn.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata:
              name: default-deny
            spec:
              endpointSelector:
                matchExpressions:
                - key: io.kubernetes.pod.namespace
                  operator: NotIn
                  values:
                  - kube-system
              egress:
              - toEndpoints:
                - matchExpressions:
                  - {key: tier, operator: In, values: [api, db]}
                  - {key: legacy, operator: DoesNotExist}
            """);
        var app = Pod("shop", ["k8s:app=web"]);

        Assert.True(policies.Allows(app, Pod("shop", ["k8s:tier=db"]), Protocol.TCP, 5432));
        Assert.True(policies.Allows(app, Pod("billing", ["k8s:tier=api"]), Protocol.TCP, 443));
        Assert.False(policies.Allows(app, Pod("billing", ["k8s:tier=api", "k8s:legacy=true"]), Protocol.TCP, 443));
        Assert.False(policies.Allows(app, Pod("shop", ["k8s:tier=cache"]), Protocol.TCP, 6379));
        Assert.True(policies.Allows(Pod("kube-system", ["k8s:app=coredns"]), World("192.0.2.53"), Protocol.UDP, 53));
    }
}
