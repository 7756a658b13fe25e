using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>docs.cilium.io, Layer 3 "IP/CIDR based": toCIDR, toCIDRSet with except, fromCIDR; CIDR rules do not select pods or nodes.</summary>
public sealed class CidrBasedTests
{
    private const string CidrRule = """
        apiVersion: "cilium.io/v2"
        kind: CiliumNetworkPolicy
        metadata:
          name: "cidr-rule"
          namespace: default
        spec:
          endpointSelector:
            matchLabels:
              app: myService
          egress:
          - toCIDR:
            - 20.1.1.1/32
          - toCIDRSet:
            - cidr: 10.0.0.0/8
              except:
              - 10.96.0.0/12
        """;

    private static readonly Endpoint MyService = Pod("default", ["k8s:app=myService"]);

    [Theory]
    [InlineData("20.1.1.1", true)]
    [InlineData("20.1.1.2", false)]
    [InlineData("10.0.0.1", true)]
    [InlineData("10.95.255.255", true)]
    [InlineData("10.96.0.0", false)]
    [InlineData("10.111.255.255", false)]
    [InlineData("10.112.0.0", true)]
    [InlineData("11.0.0.1", false)]
    public void ToCidrSetExcept_AllowsTheBlockMinusTheException(string address, bool allowed)
    {
        var policies = CiliumPolicies.Load(CidrRule);

        Assert.Equal(allowed, policies.Allows(MyService, World(address), Protocol.TCP, 443));
    }

    [Fact]
    public void CidrRules_DoNotSelectClusterPodsOrNodes_EvenInsideTheBlock()
    {
        // Docs: "CIDR rules do not apply to traffic where both sides of the connection are either managed by Cilium
        // or use an IP belonging to a node in the cluster".
        var policies = CiliumPolicies.Load(CidrRule);
        var podInBlock = new Endpoint(EndpointKind.Pod, Pod("default", ["k8s:app=db"]).Labels) { Address = IPAddress.Parse("10.0.1.5") };
        var nodeInBlock = new Endpoint(EndpointKind.RemoteNode, Reserved("reserved:remote-node").Labels) { Address = IPAddress.Parse("10.0.0.9") };

        Assert.False(policies.Allows(MyService, podInBlock, Protocol.TCP, 5432));
        Assert.False(policies.Allows(MyService, nodeInBlock, Protocol.TCP, 10250));
        Assert.True(policies.Allows(MyService, World("10.0.1.5"), Protocol.TCP, 5432));
    }

    [Fact]
    public void FromCidr_AdmitsAddressesInTheBlock_BareAddressIsOneHost()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: from-cidr, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: myService}}
              ingress:
              - fromCIDR: [192.0.2.0/24, 198.51.100.7, "2001:db8::/64"]
            """);

        Assert.True(policies.Allows(World("192.0.2.200"), MyService, Protocol.TCP, 80));
        Assert.True(policies.Allows(World("198.51.100.7"), MyService, Protocol.TCP, 80));
        Assert.False(policies.Allows(World("198.51.100.8"), MyService, Protocol.TCP, 80));
        Assert.True(policies.Allows(World("2001:db8::1"), MyService, Protocol.TCP, 80));
        Assert.False(policies.Allows(World("2001:db8:1::1"), MyService, Protocol.TCP, 80));
    }

    [Fact]
    public void CidrL4Combined_RequiresBothTheBlockAndThePort()
    {
        // Docs "CIDR-dependent Layer 4 Rule" (cidr_l4_combined.yaml).
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "cidr-l4-rule"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  role: crawler
              egress:
              - toCIDR:
                - 192.0.2.0/24
                toPorts:
                - ports:
                  - port: "80"
                    protocol: TCP
            """);
        var crawler = Pod("default", ["k8s:role=crawler"]);

        Assert.True(policies.Allows(crawler, World("192.0.2.10"), Protocol.TCP, 80));
        Assert.False(policies.Allows(crawler, World("192.0.2.10"), Protocol.TCP, 443));
        Assert.False(policies.Allows(crawler, World("203.0.113.10"), Protocol.TCP, 80));
        Assert.True(policies.Allows(Pod("default", ["k8s:role=other"]), World("203.0.113.10"), Protocol.TCP, 443));
    }
}
