using System.Net;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.Manifests;

public sealed class NetworkPolicyTranslationTests
{
    // Two namespaces, each with a web and a client pod; policies are appended per test.
    private const string Cluster = """
        kind: Namespace
        metadata: {name: prod, labels: {env: prod}}
        ---
        kind: Namespace
        metadata: {name: dev, labels: {env: dev}}
        ---
        kind: Pod
        metadata: {name: web, namespace: prod, labels: {app: web}}
        spec: {containers: [{ports: [{name: http, containerPort: 8080}]}]}
        ---
        kind: Pod
        metadata: {name: client, namespace: prod, labels: {app: client}}
        ---
        kind: Pod
        metadata: {name: web, namespace: dev, labels: {app: web}}
        ---
        kind: Pod
        metadata: {name: client, namespace: dev, labels: {app: client}}
        ---

        """;

    private static readonly Endpoint Internet = Endpoint.External(IPAddress.Parse("203.0.113.9"));

    [Fact]
    public void Policy_RefAndSubject_AreNamespaceScoped()
    {
        var result = Manifest.LoadClean(Cluster + """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-web, namespace: prod}
            spec: {podSelector: {matchLabels: {app: web}}}
            """);

        var policy = Assert.Single(result.Policies.Policies);
        Assert.Equal(new PolicyRef(PolicyKind.NetworkPolicy, "prod", "deny-web"), policy.Ref);
        Assert.True(policy.Subject.Matches(result.Pod("prod", "web").Labels));
        Assert.False(policy.Subject.Matches(result.Pod("dev", "web").Labels));
        Assert.False(result.Allows(result.Pod("prod", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.True(result.Allows(result.Pod("dev", "client"), result.Pod("dev", "web"), Protocol.TCP, 80));
    }

    [Fact]
    public void PolicyTypesOmitted_WithoutEgressSection_IsolatesIngressOnly()
    {
        var policy = Single("spec: {podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}");

        Assert.True(policy.IsolatesIngress);
        Assert.False(policy.IsolatesEgress);
    }

    [Fact]
    public void PolicyTypesOmitted_WithEgressSection_IsolatesBothDirections()
    {
        var policy = Single("spec: {podSelector: {}, egress: [{to: [{podSelector: {}}]}]}");

        Assert.True(policy.IsolatesIngress);
        Assert.True(policy.IsolatesEgress);
    }

    [Fact]
    public void PolicyTypesOmitted_WithEmptyEgressList_DoesNotIsolateEgress()
    {
        // The API server defaults policyTypes from the number of egress rules, and there are none.
        var policy = Single("spec: {podSelector: {}, egress: []}");

        Assert.False(policy.IsolatesEgress);
    }

    [Fact]
    public void PolicyTypesEgressOnly_IsolatesEgressOnly()
    {
        var policy = Single("spec: {podSelector: {}, policyTypes: [Egress]}");

        Assert.False(policy.IsolatesIngress);
        Assert.True(policy.IsolatesEgress);
    }

    [Fact]
    public void PolicyTypesExcludingADirection_IgnoresThatDirectionsRules_WithInfo()
    {
        var result = Manifest.Load(Cluster + """
            kind: NetworkPolicy
            metadata: {name: p, namespace: prod}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
              egress: [{to: [{podSelector: {}}]}]
            """);

        Assert.Empty(Assert.Single(result.Policies.Policies).Egress);
        var note = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Info, "spec.egress"), (note.Severity, note.Field));
    }

    [Fact]
    public void RuleIndexes_AreOneBased_PerDirection()
    {
        var policy = Single("""
            spec:
              podSelector: {}
              ingress: [{from: [{podSelector: {}}]}, {ports: [{port: 80}]}]
              egress: [{ports: [{port: 53, protocol: UDP}]}]
            """);

        Assert.Equal([1, 2], policy.Ingress.Select(r => r.Index));
        Assert.Equal(1, Assert.Single(policy.Egress).Index);
    }

    [Fact]
    public void RuleWithoutFrom_MatchesAllPeers_IncludingExternal()
    {
        var result = WithPolicy("spec: {podSelector: {matchLabels: {app: web}}, ingress: [{ports: [{port: 8080}]}]}");

        Assert.True(result.Allows(Internet, result.Pod("prod", "web"), Protocol.TCP, 8080));
        Assert.True(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 8080));
        Assert.False(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 8081));
    }

    [Fact]
    public void PodSelectorPeer_IsLimitedToThePolicyNamespace()
    {
        var result = WithPolicy("spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]}");

        Assert.True(result.Allows(result.Pod("prod", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(Internet, result.Pod("prod", "web"), Protocol.TCP, 80));
    }

    [Fact]
    public void NamespaceSelectorPeer_MatchesEveryPodOfSelectedNamespaces_ByNamespaceLabels()
    {
        var result = WithPolicy("spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: [{namespaceSelector: {matchLabels: {env: dev}}}]}]}");

        Assert.True(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("prod", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
    }

    [Fact]
    public void EmptyNamespaceSelector_MatchesAllPods_ButNotExternal()
    {
        var result = WithPolicy("spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: [{namespaceSelector: {}}]}]}");

        Assert.True(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(Internet, result.Pod("prod", "web"), Protocol.TCP, 80));
    }

    [Fact]
    public void NamespaceAndPodSelectorInOneItem_AreAnded()
    {
        var result = WithPolicy("""
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}
                  podSelector: {matchLabels: {app: client}}
            """);

        Assert.True(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("prod", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
    }

    [Fact]
    public void MatchExpressions_AreTranslated()
    {
        var result = WithPolicy("""
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - from:
                - namespaceSelector: {}
                  podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}
            """);

        Assert.True(result.Allows(result.Pod("dev", "client"), result.Pod("prod", "web"), Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("dev", "web"), result.Pod("prod", "web"), Protocol.TCP, 80));
    }

    [Fact]
    public void IpBlockWithExcept_AllowsTheCidrMinusTheExcept_AndNeverPods()
    {
        var result = WithPolicy("""
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
            """);
        var web = result.Pod("prod", "web");

        Assert.True(result.Allows(Internet, web, Protocol.TCP, 80));
        Assert.False(result.Allows(Endpoint.External(IPAddress.Parse("203.0.113.200")), web, Protocol.TCP, 80));
        Assert.False(result.Allows(result.Pod("prod", "client"), web, Protocol.TCP, 80));
    }

    [Fact]
    public void IpBlockIPv6_IsTranslated()
    {
        var result = WithPolicy("""
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:ffff::/48"]}}]
            """);
        var client = result.Pod("prod", "client");

        Assert.True(result.Allows(client, Endpoint.External(IPAddress.Parse("2001:db8::1")), Protocol.TCP, 443));
        Assert.False(result.Allows(client, Endpoint.External(IPAddress.Parse("2001:db8:ffff::1")), Protocol.TCP, 443));
        Assert.False(result.Allows(client, Endpoint.External(IPAddress.Parse("2001:db9::1")), Protocol.TCP, 443));
    }

    [Fact]
    public void NamedPort_ResolvesOnTheDestinationsContainerPorts()
    {
        var result = WithPolicy("spec: {podSelector: {}, ingress: [{ports: [{port: http}]}]}");

        Assert.True(result.Allows(result.Pod("prod", "client"), result.Pod("prod", "web"), Protocol.TCP, 8080));
        Assert.False(result.Allows(result.Pod("prod", "web"), result.Pod("prod", "client"), Protocol.TCP, 8080));
    }

    [Fact]
    public void PortRange_WithEndPort_CoversTheRange()
    {
        var result = WithPolicy("spec: {podSelector: {}, ingress: [{ports: [{protocol: TCP, port: 32000, endPort: 32768}]}]}");
        var (client, web) = (result.Pod("prod", "client"), result.Pod("prod", "web"));

        Assert.True(result.Allows(client, web, Protocol.TCP, 32768));
        Assert.False(result.Allows(client, web, Protocol.TCP, 32769));
        Assert.Equal(new PortMatch(Protocol.TCP, 32000, 32768), result.Policies.Policies[0].Ingress[0].Ports[0]);
    }

    [Fact]
    public void PortWithoutNumber_CoversEveryPortOfItsProtocol()
    {
        var result = WithPolicy("spec: {podSelector: {}, ingress: [{ports: [{protocol: UDP}]}]}");
        var (client, web) = (result.Pod("prod", "client"), result.Pod("prod", "web"));

        Assert.True(result.Allows(client, web, Protocol.UDP, 5353));
        Assert.False(result.Allows(client, web, Protocol.TCP, 5353));
    }

    [Fact]
    public void SctpPort_IsTranslated()
    {
        var policy = Single("spec: {podSelector: {}, ingress: [{ports: [{protocol: SCTP, port: 9000}]}]}");

        Assert.Equal(new PortMatch(Protocol.SCTP, 9000), policy.Ingress[0].Ports[0]);
    }

    [Fact]
    public void EmptyIngressRule_AllowsEverything()
    {
        var result = WithPolicy("spec: {podSelector: {}, ingress: [{}]}");

        Assert.True(result.Allows(Internet, result.Pod("prod", "web"), Protocol.UDP, 9));
    }

    [Fact]
    public void MisspeltPolicyField_IsWarned()
    {
        var result = Manifest.Load(Cluster + """
            kind: NetworkPolicy
            metadata: {name: p, namespace: prod}
            spec: {podSelector: {}, ingres: [{}]}
            """);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Warning, "spec.ingres"), (warning.Severity, warning.Field));
        Assert.Single(result.Policies.Policies);
    }

    private static FlowAuditor.Kubernetes.Manifests.ManifestLoadResult WithPolicy(string spec) => Manifest.LoadClean(Cluster + $$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: prod}
        {{spec}}
        """);

    private static Policy Single(string spec) => Assert.Single(WithPolicy(spec).Policies.Policies);
}
