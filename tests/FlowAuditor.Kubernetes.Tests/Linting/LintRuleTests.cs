using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Kubernetes.Tests.Linting;

/// <summary>Per rule: a minimal manifest that triggers it, and one that looks alike but must not.</summary>
public sealed class LintRuleTests
{
    private const string DenyEgress = """
        kind: NetworkPolicy
        metadata: {name: deny-egress, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Egress]}
        """;

    [Fact]
    public void DnsEgressBlocked_EgressDenyWithoutDns_IsReportedOnTheIsolatingPolicy()
    {
        var finding = Assert.Single(Lint.WithCluster("dns-egress-blocked", DenyEgress));

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("NetworkPolicy shop/deny-egress", finding.Location.Object);
        Assert.Equal("spec.podSelector", finding.Location.Field);
        Assert.Contains("shop/web[Pod], shop/api[Pod]", finding.Message, StringComparison.Ordinal);
        Assert.Contains("UDP 53 and TCP 53", finding.Message, StringComparison.Ordinal);
        Assert.Contains("podSelector: {}", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void DnsEgressBlocked_DnsOnUdpOnly_NamesTheMissingProtocolOnEachIsolatingPolicy()
    {
        var findings = Lint.WithCluster("dns-egress-blocked", DenyEgress + "\n---\n" + DnsPolicy("[{protocol: UDP, port: 53}]"));

        Assert.Equal(["NetworkPolicy shop/deny-egress", "NetworkPolicy shop/dns"], findings.Select(f => f.Location.Object).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Contains("no egress rule admits TCP 53 to", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void DnsEgressBlocked_EgressDenyWithDnsOnBothProtocols_IsClean() =>
        Assert.Empty(Lint.WithCluster("dns-egress-blocked", DenyEgress + "\n---\n" + DnsPolicy("[{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]")));

    [Fact]
    public void DnsEgressBlocked_CustomDnsSelector_IsWhereDnsMustBeAdmitted()
    {
        var loaded = Support.Manifest.LoadClean(Lint.Cluster + "\n---\n" + DenyEgress + "\n---\n" + DnsPolicy("[{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]"));
        var options = new Core.Linting.LintOptions { DnsNamespace = "dns", DnsLabels = new Dictionary<string, string> { ["app"] = "unbound" } };

        var findings = Core.Linting.Linter.Run(new Core.Linting.LintContext(loaded.Cluster, loaded.Policies, options));

        Assert.Contains(findings, f => f.Rule == "dns-egress-blocked" && f.Message.Contains("app=unbound in namespace dns", StringComparison.Ordinal));
    }

    [Fact]
    public void PeerSelectorsOr_NamespaceOnlyAndPodOnlyItems_SaysWhatEachAdmits()
    {
        var finding = Assert.Single(Lint.WithCluster("peer-selectors-or", """
            kind: NetworkPolicy
            metadata: {name: from-shop-web, namespace: data}
            spec:
              podSelector: {}
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {team: shop}}
                - podSelector: {matchLabels: {app: web}}
            """));

        Assert.Equal("spec.ingress[0].from", finding.Location.Field);
        Assert.Contains("spec.ingress[0].from[0] (namespaceSelector team=shop) admits every pod in those namespaces", finding.Message, StringComparison.Ordinal);
        Assert.Contains("spec.ingress[0].from[1] (podSelector app=web) admits those pods of namespace data", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PeerSelectorsOr_BothSelectorsInOneItem_IsClean() =>
        Assert.Empty(Lint.WithCluster("peer-selectors-or", """
            kind: NetworkPolicy
            metadata: {name: from-shop-web, namespace: data}
            spec:
              podSelector: {}
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {team: shop}}
                  podSelector: {matchLabels: {app: web}}
                - podSelector: {matchLabels: {app: postgres}}
            """));

    [Fact]
    public void NamespaceSelectorMatchesNothing_LabelNoNamespaceHas_IsReportedAtThePeer()
    {
        var finding = Assert.Single(Lint.WithCluster("namespace-selector-matches-nothing", """
            kind: NetworkPolicy
            metadata: {name: from-shop, namespace: data}
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {name: shop}}}]}]
            """));

        Assert.Equal("spec.ingress[0].from[0]", finding.Location.Field);
        Assert.Contains("namespaceSelector name=shop matches none of the declared namespaces (data, shop)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceSelectorMatchesNothing_LabelTheNamespaceHas_IsClean() =>
        Assert.Empty(Lint.WithCluster("namespace-selector-matches-nothing", """
            kind: NetworkPolicy
            metadata: {name: from-shop, namespace: data}
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}, {namespaceSelector: {matchLabels: {team: shop}}}]}]
            """));

    [Fact]
    public void NamespaceSelectorMatchesNothing_NoNamespaceDeclared_IsSkipped() =>
        Assert.Empty(Lint.Of("namespace-selector-matches-nothing", """
            kind: NetworkPolicy
            metadata: {name: from-shop, namespace: data}
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {name: shop}}}]}]
            """));

    [Fact]
    public void EgressDenyIneffective_NamedForEgressWithoutPolicyTypes_IsReported()
    {
        var finding = Assert.Single(Lint.WithCluster("egress-deny-ineffective", """
            kind: NetworkPolicy
            metadata: {name: default-deny-egress, namespace: shop}
            spec: {podSelector: {}}
            """));

        Assert.Contains("isolates ingress only", finding.Message, StringComparison.Ordinal);
        Assert.Contains("policyTypes: [Ingress, Egress]", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void EgressDenyIneffective_NamedForEgressWithPolicyTypes_IsClean() =>
        Assert.Empty(Lint.WithCluster("egress-deny-ineffective", """
            kind: NetworkPolicy
            metadata: {name: default-deny-egress, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Egress]}
            ---
            kind: NetworkPolicy
            metadata: {name: default-deny-ingress, namespace: shop}
            spec: {podSelector: {}}
            """));

    [Fact]
    public void EgressRulesIgnored_EgressRulesWithIngressOnlyPolicyTypes_IsAnErrorAtTheSection()
    {
        var finding = Assert.Single(Lint.WithCluster("egress-rules-ignored", """
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Ingress]
              egress: [{to: [{podSelector: {}}]}]
            """));

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("spec.egress", finding.Location.Field);
        Assert.Equal(6, finding.Location.Line - Lint.Cluster.Split('\n').Length - 1);
    }

    [Fact]
    public void EgressRulesIgnored_IngressRulesWithEgressOnlyPolicyTypes_IsReportedToo() =>
        Assert.Equal("spec.ingress", Assert.Single(Lint.WithCluster("egress-rules-ignored", """
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Egress]
              ingress: [{from: [{podSelector: {}}]}]
            """)).Location.Field);

    [Fact]
    public void EgressRulesIgnored_PolicyTypesListingBoth_IsClean() =>
        Assert.Empty(Lint.WithCluster("egress-rules-ignored", """
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Ingress, Egress]
              egress: [{to: [{podSelector: {}}]}]
            """));

    [Theory]
    [InlineData("true", 1)]
    [InlineData("false", 0)]
    public void HostNetworkPodsSelected_OnlyForPodsWithHostNetwork(string hostNetwork, int expected)
    {
        var findings = Lint.Of("host-network-pods-selected", """
            kind: DaemonSet
            metadata: {name: node-exporter, namespace: monitoring}
            spec:
              template:
                metadata: {labels: {app: node-exporter}}
                spec:
                  hostNetwork: 
            """ + hostNetwork + """

            ---
            kind: NetworkPolicy
            metadata: {name: exporter, namespace: monitoring}
            spec: {podSelector: {matchLabels: {app: node-exporter}}}
            """);

        Assert.Equal(expected, findings.Count);
        Assert.All(findings, f => Assert.Contains("selects hostNetwork pods monitoring/node-exporter[DaemonSet]", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void SelectsNoPods_TypoInSelector_ListsThePodsLabels()
    {
        var finding = Assert.Single(Lint.WithCluster("selects-no-pods", """
            kind: NetworkPolicy
            metadata: {name: web, namespace: shop}
            spec: {podSelector: {matchLabels: {app: wbe}}}
            """));

        Assert.Contains("selects app=wbe in namespace shop", finding.Message, StringComparison.Ordinal);
        Assert.Contains("app=web; app=api", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectsNoPods_SelectorMatchingAPod_OrNamespaceWithoutKnownPods_IsClean() =>
        Assert.Empty(Lint.WithCluster("selects-no-pods", """
            kind: NetworkPolicy
            metadata: {name: web, namespace: shop}
            spec: {podSelector: {matchLabels: {app: web}}}
            ---
            kind: NetworkPolicy
            metadata: {name: other, namespace: elsewhere}
            spec: {podSelector: {matchLabels: {app: wbe}}}
            """));

    [Fact]
    public void NamedPortUndefined_IngressPortNoSelectedPodNames_IsReported()
    {
        var finding = Assert.Single(Lint.WithCluster("named-port-undefined", """
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              ingress: [{ports: [{port: http}]}]
            """));

        Assert.Equal("spec.ingress[0].ports", finding.Location.Field);
        Assert.Contains("'http' (TCP) is defined on none of the pods this rule targets (shop/api[Pod])", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedPortUndefined_EgressPortTheDestinationPeerNames_IsClean() =>
        Assert.Empty(Lint.WithCluster("named-port-undefined", """
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Egress]
              egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]
            """));

    [Fact]
    public void NamedPortUndefined_EgressPortThePeerDoesNotName_IsReported() =>
        Assert.Single(Lint.WithCluster("named-port-undefined", """
            kind: NetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Egress]
              egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: pg}]}]
            """));

    [Fact]
    public void IpBlockSelectsPods_CidrCoveringAPodAddress_PointsToTheSelector()
    {
        var finding = Assert.Single(Lint.Of("ipblock-selects-pods", IpPod + """
            kind: NetworkPolicy
            metadata: {name: web, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
            """));

        Assert.Equal("spec.egress[0].to[0]", finding.Location.Field);
        Assert.Contains("shop/db[Pod] (10.0.1.5)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("app=db in namespace shop", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void IpBlockSelectsPods_CidrOutsidePodAddresses_IsClean() =>
        Assert.Empty(Lint.Of("ipblock-selects-pods", IpPod + """
            kind: NetworkPolicy
            metadata: {name: web, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.1.0/24]}}]}]
            """));

    [Fact]
    public void FqdnWithoutDnsProxy_ToFqdnsAlone_IsAnError()
    {
        var finding = Assert.Single(Lint.WithCluster("fqdn-without-dns-proxy", Fqdn));

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("spec.egress[0].toFQDNs", finding.Location.Field);
    }

    [Fact]
    public void FqdnWithoutDnsProxy_WithDnsRuleToKubeDns_IsClean() =>
        Assert.Empty(Lint.WithCluster("fqdn-without-dns-proxy", Fqdn + """

              - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
                toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
            """));

    [Fact]
    public void FqdnWithoutDnsProxy_DnsAllowedWithoutTheProxyRule_IsStillAnError() =>
        Assert.Single(Lint.WithCluster("fqdn-without-dns-proxy", Fqdn + """

              - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
                toPorts: [{ports: [{port: "53", protocol: ANY}]}]
            """));

    [Fact]
    public void CnpPeerOutsideNamespace_SelectorMatchingOnlyOtherNamespaces_IsReported()
    {
        var finding = Assert.Single(Lint.WithCluster("cnp-peer-outside-namespace", """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toEndpoints: [{matchLabels: {app: postgres}}]}]
            """));

        Assert.Equal("spec.egress[0].toEndpoints[0]", finding.Location.Field);
        Assert.Contains("data/postgres[Pod]", finding.Message, StringComparison.Ordinal);
        Assert.Contains("k8s:io.kubernetes.pod.namespace: data", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void CnpPeerOutsideNamespace_SelectorNamingTheNamespace_IsClean() =>
        Assert.Empty(Lint.WithCluster("cnp-peer-outside-namespace", """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toEndpoints: [{matchLabels: {app: postgres, k8s:io.kubernetes.pod.namespace: data}}, {matchLabels: {app: web}}]}]
            """));

    [Fact]
    public void NamespaceNotIsolated_NamespaceWithOpenDirections_IsInfoOnTheNamespace()
    {
        var findings = Lint.WithCluster("namespace-not-isolated", DenyEgress);

        var shop = Assert.Single(findings, f => f.Location.Object == "Namespace shop");
        Assert.Equal(Severity.Info, shop.Severity);
        Assert.Contains("for ingress (shop/web[Pod], shop/api[Pod])", shop.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("egress", shop.Message, StringComparison.Ordinal);
        Assert.Single(findings, f => f.Location.Object == "Namespace data");
    }

    [Fact]
    public void NamespaceNotIsolated_DefaultDenyBothWays_IsClean() =>
        Assert.Empty(Lint.Of("namespace-not-isolated", """
            kind: Pod
            metadata: {name: web, namespace: shop, labels: {app: web}}
            ---
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """));

    [Fact]
    public void UnsupportedConstruct_ServiceSelector_IsReported() =>
        Assert.Contains("toServices", Assert.Single(Lint.WithCluster("unsupported-construct", """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toServices: [{k8sServiceSelector: {selector: {matchLabels: {app: db}}}}]}]
            """)).Message, StringComparison.Ordinal);

    [Fact]
    public void UnsupportedConstruct_ServiceByName_IsClean() =>
        Assert.Empty(Lint.WithCluster("unsupported-construct", """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: api, namespace: shop}
            spec:
              endpointSelector: {matchLabels: {app: api}}
              egress: [{toServices: [{k8sService: {serviceName: db, namespace: shop}}]}]
            """));

    [Fact]
    public void HostPolicyNotEvaluated_NodeSelector_IsInfoAtTheSelector()
    {
        var finding = Assert.Single(Lint.Of("host-policy-not-evaluated", """
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: host}
            spec:
              nodeSelector: {}
              ingress: [{fromEntities: [cluster]}]
            """));

        Assert.Equal(("CiliumClusterwideNetworkPolicy host", "spec.nodeSelector", Severity.Info), (finding.Location.Object, finding.Location.Field, finding.Severity));
    }

    [Fact]
    public void HostPolicyNotEvaluated_EndpointSelector_IsClean() =>
        Assert.Empty(Lint.Of("host-policy-not-evaluated", """
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: pods}
            spec:
              endpointSelector: {}
              ingress: [{fromEntities: [cluster]}]
            """));

    private const string IpPod = """
        kind: Pod
        metadata: {name: db, namespace: shop, labels: {app: db}}
        status: {podIP: 10.0.1.5}
        ---

        """;

    private const string Fqdn = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          endpointSelector: {matchLabels: {app: web}}
          egress:
          - toFQDNs: [{matchName: api.example.com}]
            toPorts: [{ports: [{port: "443"}]}]
        """;

    private static string DnsPolicy(string ports) => """
        kind: NetworkPolicy
        metadata: {name: dns, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
          - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
            ports: 
        """ + ports + "\n";
}
