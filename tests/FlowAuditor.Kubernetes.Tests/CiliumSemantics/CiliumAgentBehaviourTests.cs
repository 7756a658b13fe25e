using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Tests.Support;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// The nine places where Cilium's own policy engine (its NP/CNP parsers and policy repository, agent defaults)
/// decided differently from FlowAuditor, each probed with the YAML that triggers it, per Cilium version where the
/// version changes the verdict. Sources are cited in docs/cilium-semantics.md and on the rules themselves.
/// </summary>
public sealed class CiliumAgentBehaviourTests
{
    private static readonly Endpoint Api = Pod("prod", ["k8s:app=api"], ["team=core"]);
    private static readonly Endpoint Web = Pod("prod", ["k8s:app=web"], ["team=core"]);
    private static readonly Endpoint Batch = Pod("prod", ["k8s:app=batch"], ["team=core"]);
    private static readonly Endpoint Host = Reserved("reserved:host");
    private static readonly Endpoint RemoteNode = Reserved("reserved:remote-node");
    private static readonly Endpoint WorldIdentity = Reserved("reserved:world");

    private static EvaluationOptions Version(string version) =>
        EvaluationOptions.ForVersion(CiliumVersion.TryParse(version, out var v) ? v : throw new ArgumentException(version));

    // 1. pkg/policy/mapstate.go determineAllowLocalhostIngress; daemon/cmd/daemon.go (auto -> always in k8s mode).
    [Fact]
    public void AllowLocalhostAlways_TheHostReachesLocalPods_WhateverTheAllowRulesSay()
    {
        const string Yaml = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: world-only, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress: [{fromEntities: [world]}]
            """;

        var always = CiliumPolicies.Load(Yaml);
        Assert.True(always.Allows(Host, Api, Protocol.TCP, 8080));
        Assert.Equal("allow-localhost=always (ingress from the local host to every pod)", always.Ingress(Host, Api, Protocol.TCP, 8080).AllowedByAgent);
        Assert.False(always.Allows(RemoteNode, Api, Protocol.TCP, 8080));

        var byPolicy = CiliumPolicies.Load(Yaml, EvaluationOptions.Cilium with { AllowLocalhost = AllowLocalhost.Policy });
        Assert.False(byPolicy.Allows(Host, Api, Protocol.TCP, 8080));
    }

    [Fact]
    public void AllowLocalhostAlways_DenyRulesStillWin()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: no-host-admin, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingressDeny: [{fromEntities: [host], toPorts: [{ports: [{port: "9000"}]}]}]
            """);

        Assert.False(policies.Allows(Host, Api, Protocol.TCP, 9000));
        Assert.True(policies.Allows(Host, Api, Protocol.TCP, 8080));
    }

    // 2. pkg/policy/repository.go computePolicyEnforcementAndRules: the default-deny flag rides on the direction's rules.
    [Fact]
    public void EnableDefaultDenyTrue_CountsOnlyInADirectionWhereTheRuleHasRules()
    {
        var ingressOnly = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: lock-egress, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              enableDefaultDeny: {egress: true}
              ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
            """);
        Assert.True(ingressOnly.Allows(Api, World("192.0.2.1"), Protocol.TCP, 443));
        Assert.False(ingressOnly.Egress(Api, World("192.0.2.1"), Protocol.TCP, 443).Isolated);
        Assert.False(ingressOnly.Allows(Batch, Api, Protocol.TCP, 80));

        var withEgress = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: lock-egress, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              enableDefaultDeny: {egress: true}
              egress: [{toEndpoints: [{matchLabels: {app: web}}]}]
            """);
        Assert.False(withEgress.Allows(Api, World("192.0.2.1"), Protocol.TCP, 443));
        Assert.True(withEgress.Allows(Api, Web, Protocol.TCP, 443));
    }

    // 3. pkg/k8s/apis/cilium.io/utils/utils.go ParseToCiliumRule: "removing illegal namespace match".
    [Fact]
    public void CnpEndpointSelectorNamingAnotherNamespace_StillSelectsInThePolicyNamespace()
    {
        var loaded = Manifest.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: dev, app: api}}
              ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
            """);
        var policies = new PolicyEvaluator(loaded.Policies);

        var warning = Assert.Single(loaded.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Equal("spec.endpointSelector.matchLabels.k8s:io.kubernetes.pod.namespace", warning.Field);
        Assert.True(policies.Allows(Web, Api, Protocol.TCP, 80));
        Assert.False(policies.Allows(Batch, Api, Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("dev", ["k8s:app=batch"]), Pod("dev", ["k8s:app=api"]), Protocol.TCP, 80));
    }

    [Theory]
    [InlineData("io.kubernetes.pod.namespace")]
    [InlineData("any:io.kubernetes.pod.namespace")]
    public void CnpEndpointSelectorBareOrAnyNamespaceKey_IsAndedAsUsual(string key)
    {
        var policies = CiliumPolicies.Load($$$"""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {"{{{key}}}": dev, app: api}}
              ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
            """);

        Assert.True(policies.Allows(Batch, Api, Protocol.TCP, 80));
    }

    // 4. pkg/k8s/network_policy.go parseNetworkPolicyPeer: only an empty namespaceSelector gets "a namespace exists";
    //    policy-default-local-cluster (default from 1.19) scopes the peer to local pods.
    [Theory]
    [InlineData("1.17", true)]
    [InlineData("1.18", true)]
    [InlineData("1.19", false)]
    [InlineData("1.20", false)]
    public void NegativeOnlyNamespaceSelector_AlsoMatchesNonPods_UnlessPolicyDefaultLocalCluster(string version, bool nonPodsMatch)
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: not-team-x, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: api}}
              ingress:
              - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [x]}]}}]
            """, Version(version));

        Assert.Equal(nonPodsMatch, policies.Allows(WorldIdentity, Api, Protocol.TCP, 80));
        Assert.Equal(nonPodsMatch, policies.Allows(RemoteNode, Api, Protocol.TCP, 80));
        Assert.Equal(nonPodsMatch, policies.Allows(Reserved("reserved:kube-apiserver"), Api, Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("other", ["k8s:app=c"], ["team=y"]), Api, Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("xs", ["k8s:app=c"], ["team=x"]), Api, Protocol.TCP, 80));
    }

    [Fact]
    public void EmptyNamespaceSelector_SelectsPodsOnly_InEveryVersion()
    {
        const string Yaml = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: any-namespace, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: api}}
              ingress: [{from: [{namespaceSelector: {}}]}]
            """;

        foreach (var version in CiliumVersion.Modelled)
        {
            var policies = CiliumPolicies.Load(Yaml, EvaluationOptions.ForVersion(version));
            Assert.False(policies.Allows(RemoteNode, Api, Protocol.TCP, 80));
            Assert.True(policies.Allows(Pod("other", ["k8s:app=c"]), Api, Protocol.TCP, 80));
        }
    }

    [Theory]
    [InlineData("1.18", false, true)]
    [InlineData("1.19", false, false)]
    [InlineData("1.19", true, true)]
    public void CnpNamespaceNotInSelector_MatchesWorld_OnlyWithoutPolicyDefaultLocalCluster(string version, bool optionOff, bool worldMatches)
    {
        var options = Version(version);
        options = optionOff ? options with { PolicyDefaultLocalCluster = false } : options;
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: not-dev, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress:
              - fromEndpoints: [{matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: NotIn, values: [dev]}]}]
            """, options);

        Assert.Equal(worldMatches, policies.Allows(WorldIdentity, Api, Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("qa", ["k8s:app=c"]), Api, Protocol.TCP, 80));
        Assert.False(policies.Allows(Pod("dev", ["k8s:app=c"]), Api, Protocol.TCP, 80));
    }

    // 5. pkg/identity/numericidentity.go reservedIdentityLabels: identity 7 = kube-apiserver + remote-node.
    [Fact]
    public void KubeApiServer_IsAlsoRemoteNode_WhenItRunsOnClusterNodes()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: nodes, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              ingress: [{fromEntities: [remote-node]}]
            """);

        Assert.True(policies.Allows(Reserved("reserved:kube-apiserver"), Api, Protocol.TCP, 443));
        Assert.True(policies.Allows(Endpoint.ForEntity(EndpointKind.KubeApiServer), Api, Protocol.TCP, 443));
        Assert.False(policies.Allows(Reserved("reserved:kube-apiserver", "reserved:world"), Api, Protocol.TCP, 443));
        Assert.False(policies.Allows(Reserved("reserved:health"), Api, Protocol.TCP, 443));
    }

    // 6. pkg/endpoint/policy.go GetNamedPort (egress: all pods' ports), pkg/types/portmap.go ErrDuplicateNamedPorts;
    //    from 1.20 pkg/policy/l4.go L4Filter.toMapState resolves per destination identity.
    private const string NamedPortCluster = """
        kind: Pod
        metadata: {name: db, namespace: prod, labels: {app: db}}
        spec: {containers: [{ports: [{name: pg, containerPort: 5432}]}]}
        ---
        kind: Pod
        metadata: {name: db-replica, namespace: prod, labels: {app: db}}
        ---
        kind: Pod
        metadata: {name: metrics-a, namespace: prod, labels: {app: metrics}}
        spec: {containers: [{ports: [{name: metrics, containerPort: 9090}]}]}
        ---
        kind: Pod
        metadata: {name: metrics-b, namespace: prod, labels: {app: metrics}}
        spec: {containers: [{ports: [{name: metrics, containerPort: 9100}]}]}
        ---
        kind: Pod
        metadata: {name: client, namespace: prod, labels: {app: client}}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: client-out, namespace: prod}
        spec:
          endpointSelector: {matchLabels: {app: client}}
          egress:
          - toEndpoints: [{matchLabels: {app: db}}, {matchLabels: {app: metrics}}]
            toCIDR: [192.0.2.0/24]
            toPorts: [{ports: [{port: pg, protocol: TCP}, {port: metrics, protocol: TCP}]}]
        """;

    [Theory]
    [InlineData("1.18", true)]
    [InlineData("1.19", true)]
    [InlineData("1.20", false)]
    public void EgressNamedPort_ResolvesClusterWideUpTo119_PerDestinationFrom120(string version, bool clusterWide)
    {
        var loaded = Manifest.LoadClean(NamedPortCluster);
        var policies = new PolicyEvaluator(loaded.Policies, Version(version));
        var client = loaded.Pod("prod", "client");

        Assert.True(policies.Allows(client, loaded.Pod("prod", "db"), Protocol.TCP, 5432));
        Assert.False(policies.Allows(client, loaded.Pod("prod", "db"), Protocol.TCP, 5433));

        // One number for "pg" in the cluster: up to 1.19 it applies to every selected peer, declared or not, CIDR too.
        Assert.Equal(clusterWide, policies.Allows(client, loaded.Pod("prod", "db-replica"), Protocol.TCP, 5432));
        Assert.Equal(clusterWide, policies.Allows(client, World("192.0.2.10"), Protocol.TCP, 5432));

        // Two numbers for "metrics": up to 1.19 the entry resolves to nothing; from 1.20 each pod's own number counts.
        Assert.Equal(!clusterWide, policies.Allows(client, loaded.Pod("prod", "metrics-a"), Protocol.TCP, 9090));
        Assert.Equal(!clusterWide, policies.Allows(client, loaded.Pod("prod", "metrics-b"), Protocol.TCP, 9100));
        Assert.False(policies.Allows(client, loaded.Pod("prod", "metrics-a"), Protocol.TCP, 9100));

        // connlist's whole-port-space answer agrees with the port-by-port one.
        var allowed = new ConnectionAnalyzer(policies).Allowed(client, loaded.Pod("prod", "db-replica"));
        Assert.Equal(clusterWide ? "TCP 5432" : "No Connections", allowed.ToString());
    }

    [Fact]
    public void IngressNamedPort_StaysPerDestinationPod_InEveryVersion()
    {
        var loaded = Manifest.LoadClean(NamedPortCluster + """

            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-in, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{ports: [{port: pg}]}]
            """);
        foreach (var version in CiliumVersion.Modelled)
        {
            var policies = new PolicyEvaluator(loaded.Policies, EvaluationOptions.ForVersion(version) with { AllowLocalhost = AllowLocalhost.Policy });
            Assert.True(policies.Allows(Pod("prod", ["k8s:app=web"]), loaded.Pod("prod", "db"), Protocol.TCP, 5432));
            Assert.False(policies.Allows(Pod("prod", ["k8s:app=web"]), loaded.Pod("prod", "db-replica"), Protocol.TCP, 5432));
        }
    }

    // 7. pkg/labelsfilter/filter.go defaultLabelPrefixCfg: filtered labels are not part of the identity.
    private const string TemplateHashPolicy = """
        kind: Pod
        metadata: {name: web-7d4f-abcde, namespace: prod, labels: {app: web, pod-template-hash: 7d4f, tier: front}}
        ---
        kind: Pod
        metadata: {name: api, namespace: prod, labels: {app: api}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: by-hash, namespace: prod}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress: [{from: [{podSelector: {matchLabels: {pod-template-hash: 7d4f}}}, {podSelector: {matchLabels: {tier: front}}}]}]
        """;

    [Fact]
    public void FilteredIdentityLabels_NeverSelect_PodTemplateHash()
    {
        var loaded = Manifest.LoadClean(TemplateHashPolicy.Replace("{podSelector: {matchLabels: {tier: front}}}", "{podSelector: {matchLabels: {app: none}}}", StringComparison.Ordinal));
        var web = loaded.Pod("prod", "web-7d4f-abcde");
        var api = loaded.Pod("prod", "api");

        Assert.False(new PolicyEvaluator(loaded.Policies).Allows(web, api, Protocol.TCP, 80));
        Assert.True(new PolicyEvaluator(loaded.Policies, EvaluationOptions.Cilium with { LabelFilter = LabelFilter.None }).Allows(web, api, Protocol.TCP, 80));
    }

    [Fact]
    public void AgentLabelsOption_WithAnInclude_KeepsOnlyIncludedLabels()
    {
        var loaded = Manifest.LoadClean(TemplateHashPolicy);
        var web = loaded.Pod("prod", "web-7d4f-abcde");
        var api = loaded.Pod("prod", "api");
        Assert.True(LabelFilter.TryCreate(["k8s:app"], out var appOnly, out _));
        Assert.False(LabelFilter.TryCreate(["k8s:!("], out _, out var error));
        Assert.Contains("k8s:!(", error, StringComparison.Ordinal);

        Assert.True(new PolicyEvaluator(loaded.Policies).Allows(web, api, Protocol.TCP, 80));
        Assert.False(new PolicyEvaluator(loaded.Policies, EvaluationOptions.Cilium with { LabelFilter = appOnly }).Allows(web, api, Protocol.TCP, 80));
    }

    // 8. pkg/policy/api/entity.go: `none` is in the enum; world-ipv4/world-ipv6 are not in the 1.17/1.18 enum.
    [Fact]
    public void NoneEntity_IsValid_IsolatesAndAllowsNothing()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: no-egress, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toEntities: [none]}]
            """);

        Assert.False(policies.Allows(Api, World("192.0.2.1"), Protocol.TCP, 443));
        Assert.False(policies.Allows(Api, Web, Protocol.TCP, 80));
        Assert.True(policies.Allows(Web, World("192.0.2.1"), Protocol.TCP, 443));
    }

    [Theory]
    [InlineData("1.17", false)]
    [InlineData("1.18", false)]
    [InlineData("1.19", true)]
    [InlineData("1.20", true)]
    public void WorldIpv4Entity_IsAcceptedOnlyByVersionsThatHaveIt(string version, bool accepted)
    {
        Assert.True(CiliumVersion.TryParse(version, out var v));
        var loaded = Manifest.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: v4-out, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toEntities: [world-ipv4]}]
            """, version: v);

        Assert.Equal(accepted, !loaded.HasErrors);
        Assert.Equal(accepted ? 1 : 0, loaded.Policies.Policies.Count);
        if (!accepted)
        {
            Assert.Equal("spec.egress[0].toEntities[0]", loaded.SingleError().Field);
        }
    }

    // 9. pkg/policy/api/cidr.go CIDRRuleSlice.GetAsEndpointSelectors: 0.0.0.0/0 selects the world label; except only
    //    adds !cidr:<except>, which reserved:world does not carry.
    [Theory]
    [InlineData("0.0.0.0/0", "224.0.0.0/3", "8.8.8.8", "224.0.0.1")]
    [InlineData("::/0", "fd00::/8", "2001:db8::1", "fd00::1")]
    public void MatchAllCidrWithExcept_StillSelectsReservedWorld_ExceptRemovesOnlyItsPrefixes(string cidr, string except, string inside, string excepted)
    {
        var policies = CiliumPolicies.Load($$$"""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: internet, namespace: prod}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toCIDRSet: [{cidr: "{{{cidr}}}", except: ["{{{except}}}"]}]}]
            """);

        Assert.True(policies.Allows(Api, WorldIdentity, Protocol.TCP, 443));
        Assert.True(policies.Allows(Api, World(inside), Protocol.TCP, 443));
        Assert.False(policies.Allows(Api, World(excepted), Protocol.TCP, 443));
        Assert.False(policies.Allows(Api, Web, Protocol.TCP, 443));
    }

    [Fact]
    public void NarrowerCidr_DoesNotSelectReservedWorld()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: corp, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
            """);

        Assert.False(policies.Allows(Api, WorldIdentity, Protocol.TCP, 443));
        Assert.True(policies.Allows(Api, World("10.1.2.3"), Protocol.TCP, 443));
    }
}
