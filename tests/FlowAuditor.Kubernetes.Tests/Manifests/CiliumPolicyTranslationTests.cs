using System.Net;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.Manifests;

public sealed class CiliumPolicyTranslationTests
{
    private const string Cluster = """
        kind: Namespace
        metadata: {name: prod, labels: {env: prod}}
        ---
        kind: Pod
        metadata: {name: api, namespace: prod, labels: {app: api}}
        spec: {containers: [{ports: [{name: http, containerPort: 8080}]}]}
        ---
        kind: Pod
        metadata: {name: web, namespace: prod, labels: {app: web}}
        ---
        kind: Pod
        metadata: {name: web, namespace: dev, labels: {app: web}}
        ---

        """;

    private static readonly Endpoint Internet = Endpoint.External(IPAddress.Parse("203.0.113.9"));

    [Fact]
    public void Cnp_FromEndpointsWithoutNamespace_IsLimitedToThePolicyNamespace()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
            """);

        Assert.True(result.Allows(result.Pod("prod", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Fact]
    public void Cnp_EmptyFromEndpointsSelector_IsNamespaceScoped()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: prod}
            spec:
              endpointSelector: {}
              ingress: [{fromEndpoints: [{}]}]
            """);

        Assert.True(result.Allows(result.Pod("prod", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
        Assert.False(result.Allows(Internet, result.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Fact]
    public void Ccnp_EmptyFromEndpointsSelector_MatchesPodsOfEveryNamespace()
    {
        var result = Load("""
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: all}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress: [{fromEndpoints: [{}]}]
            """);

        var policy = Assert.Single(result.Policies.Policies);
        Assert.Equal(new PolicyRef(PolicyKind.CiliumClusterwideNetworkPolicy, null, "all"), policy.Ref);
        Assert.True(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
        Assert.False(result.Allows(Internet, result.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Fact]
    public void Cnp_ExplicitNamespaceLabel_IsNotRescoped()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: prod}
            spec:
              endpointSelector: {}
              ingress: [{fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}]}]
            """);

        Assert.True(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Fact]
    public void EmptyIngressList_DoesNotIsolate_ButOneEmptyRuleIsolatesAndAllowsNothing()
    {
        var none = Load("kind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: prod}\nspec: {endpointSelector: {}, ingress: []}\n");
        var empty = Manifest.Load(Cluster + "kind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: prod}\nspec: {endpointSelector: {}, ingress: [{}]}\n");

        Assert.False(Assert.Single(none.Policies.Policies).IsolatesIngress);
        var policy = Assert.Single(empty.Policies.Policies);
        Assert.True(policy.IsolatesIngress);
        Assert.Empty(policy.Ingress);
        Assert.False(empty.Allows(empty.Pod("prod", "web"), empty.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Fact]
    public void ToPortsOnly_MatchesEveryPeer_OnThosePorts_ProtocolDefaultsToAny()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress: [{toPorts: [{ports: [{port: "8080"}]}]}]
            """);

        Assert.True(result.Allows(Internet, result.Pod("prod", "api"), Protocol.UDP, 8080));
        Assert.False(result.Allows(Internet, result.Pod("prod", "api"), Protocol.TCP, 8081));
    }

    [Fact]
    public void FromEntities_WorldAndCidrSet_AreTranslated()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress:
              - fromEntities: [host]
              - fromCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}]
              - fromCIDR: [198.51.100.7]
            """);
        var api = result.Pod("prod", "api");

        Assert.True(result.Allows(Endpoint.ForEntity(EndpointKind.Host), api, Protocol.TCP, 1));
        Assert.True(result.Allows(Internet, api, Protocol.TCP, 1));
        Assert.False(result.Allows(Endpoint.External(IPAddress.Parse("203.0.113.200")), api, Protocol.TCP, 1));
        Assert.True(result.Allows(Endpoint.External(IPAddress.Parse("198.51.100.7")), api, Protocol.TCP, 1));
        Assert.False(result.Allows(result.Pod("prod", "web"), api, Protocol.TCP, 1));
    }

    [Fact]
    public void IngressDeny_WinsOverAllow()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress: [{fromEntities: [all]}]
              ingressDeny: [{fromEntities: [world]}]
            """);

        Assert.True(Assert.Single(result.Policies.Policies).IngressDeny[0].IsDeny);
        Assert.False(result.Allows(Internet, result.Pod("prod", "api"), Protocol.TCP, 80));
        Assert.True(result.Allows(result.Pod("prod", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Fact]
    public void EnableDefaultDenyFalse_DoesNotIsolate()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {}
              enableDefaultDeny: {ingress: false}
              ingress: [{fromEntities: [world]}]
            """);

        Assert.False(Assert.Single(result.Policies.Policies).IsolatesIngress);
    }

    [Fact]
    public void Specs_BecomeOnePolicyEach_WithSpecIndex()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            specs:
            - {endpointSelector: {matchLabels: {app: api}}, ingress: [{fromEndpoints: [{}]}]}
            - {endpointSelector: {matchLabels: {app: web}}, egress: [{toEntities: [world]}]}
            """);

        Assert.Equal([1, 2], result.Policies.Policies.Select(p => p.SpecIndex ?? 0));
        Assert.Equal(1, result.Policies.Count(PolicyKind.CiliumNetworkPolicy));
    }

    [Fact]
    public void NodeSelector_IsLoadedButNotEvaluated()
    {
        var result = Load("""
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: host-fw}
            spec:
              nodeSelector: {}
              ingress: [{fromEntities: [cluster]}]
            """);

        Assert.Equal("host policy (nodeSelector) is not evaluated", Assert.Single(result.Policies.Policies).NotEvaluatedReason);
    }

    [Fact]
    public void ToFqdnsAndToServices_AreTranslated()
    {
        var policy = Assert.Single(Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {}
              egress:
              - toFQDNs: [{matchName: api.example.com}, {matchPattern: "*.example.org"}]
              - toServices: [{k8sService: {serviceName: db, namespace: prod}}]
            """).Policies.Policies);

        Assert.Equal([new FqdnPeer("api.example.com", null), new FqdnPeer(null, "*.example.org")], policy.Egress[0].Peers);
        Assert.Equal(new ServicePeer("db", "prod", null), Assert.Single(policy.Egress[1].Peers));
    }

    [Fact]
    public void NamedPort_EndPort_L7Rules_AndIcmp_AreTranslated()
    {
        var policy = Assert.Single(Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {}
              ingress:
              - toPorts:
                - ports: [{port: http, protocol: TCP}, {port: "9000", endPort: 9100, protocol: UDP}]
                  rules: {http: [{method: GET}]}
              - icmps: [{fields: [{family: IPv4, type: 8}, {family: IPv6, type: EchoRequest}]}]
            """).Policies.Policies);

        Assert.Equal([new PortMatch(Protocol.TCP, Name: "http"), new PortMatch(Protocol.UDP, 9000, 9100)], policy.Ingress[0].Ports);
        Assert.Equal("http", policy.Ingress[0].L7Protocol);
        Assert.Equal([new PortMatch(Protocol.ICMPv4, 8), new PortMatch(Protocol.ICMPv6, 128)], policy.Ingress[1].Ports);
    }

    [Fact]
    public void FromRequires_IsAndedIntoTheRulesSelectors()
    {
        var result = Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress:
              - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev}}, {matchLabels: {app: web}}]
                fromRequires: [{matchLabels: {k8s:io.kubernetes.pod.namespace: prod}}]
            """);

        Assert.True(result.Allows(result.Pod("prod", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "api"), Protocol.TCP, 80));
    }

    [Theory]
    [InlineData("ingress: [{fromEntities: [planet]}]", "spec.ingress[0].fromEntities[0]")]
    [InlineData("ingress: [{fromCIDR: [10.0.0.0/40]}]", "spec.ingress[0].fromCIDR[0]")]
    [InlineData("ingress: [{fromCIDRSet: [{cidr: 10.0.0.0/8, except: [11.0.0.0/16]}]}]", "spec.ingress[0].fromCIDRSet[0].except[0]")]
    [InlineData("ingress: [{fromEndpoints: [{matchExpressions: [{key: app, operator: In}]}]}]", "spec.ingress[0].fromEndpoints[0].matchExpressions[0].values")]
    [InlineData("ingress: [{toPorts: [{ports: [{port: \"70000\"}]}]}]", "spec.ingress[0].toPorts[0].ports[0].port")]
    [InlineData("ingress: [{toPorts: [{ports: [{port: \"80\", protocol: tcp}]}]}]", "spec.ingress[0].toPorts[0].ports[0].protocol")]
    public void InvalidField_IsAnErrorNamingObjectAndField(string rules, string field)
    {
        var result = ManifestLoader.LoadText($$"""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {}
              {{rules}}
            """, "cnp.yaml");

        var error = result.SingleError();
        Assert.Equal(("CiliumNetworkPolicy prod/p", field), (error.Object, error.Field));
        Assert.Empty(result.Policies.Policies);
    }

    [Fact]
    public void UnknownFields_AreWarnedOncePerObject()
    {
        var result = Manifest.Load("""
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              endpointSelector: {}
              ingres: [{}]
              egress: [{toEndpoint: [{}], toEntities: [world]}]
            """);

        var warning = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Contains("spec.ingres", warning.Message, StringComparison.Ordinal);
        Assert.Contains("spec.egress[0].toEndpoint", warning.Message, StringComparison.Ordinal);
        Assert.Single(result.Policies.Policies);
    }

    private static ManifestLoadResult Load(string policy) => Manifest.LoadClean(Cluster + policy);
}
