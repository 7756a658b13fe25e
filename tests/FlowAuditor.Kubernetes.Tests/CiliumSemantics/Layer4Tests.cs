using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>docs.cilium.io, "Layer 4 Policies": toPorts (number, name, endPort, protocol) and icmps.</summary>
public sealed class Layer4Tests
{
    private static readonly Endpoint MyService = Pod("default", ["k8s:app=myService"]);
    private static readonly Endpoint Peer = Pod("default", ["k8s:app=peer"]);

    [Fact]
    public void ToPortsTcp80_AllowsOnlyTcp80_ToAnyLayer3Destination()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "l4-rule"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  app: myService
              egress:
                - toPorts:
                  - ports:
                    - port: "80"
                      protocol: TCP
            """);

        Assert.True(policies.Allows(MyService, Peer, Protocol.TCP, 80));
        Assert.True(policies.Allows(MyService, World("192.0.2.1"), Protocol.TCP, 80));
        Assert.True(policies.Allows(MyService, Reserved("reserved:host"), Protocol.TCP, 80));
        Assert.False(policies.Allows(MyService, Peer, Protocol.UDP, 80));
        Assert.False(policies.Allows(MyService, Peer, Protocol.TCP, 443));
    }

    [Theory]
    [InlineData(79, false)]
    [InlineData(80, true)]
    [InlineData(300, true)]
    [InlineData(444, true)]
    [InlineData(445, false)]
    public void EndPortRange_CoversEveryPortInclusive(int port, bool allowed)
    {
        // Docs "Example Port Ranges" (l4_port_range.yaml): TCP 80-444.
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "l4-port-range-rule"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  app: myService
              egress:
                - toPorts:
                  - ports:
                    - port: "80"
                      endPort: 444
                      protocol: TCP
            """);

        Assert.Equal(allowed, policies.Allows(MyService, World("192.0.2.1"), Protocol.TCP, port));
        Assert.False(policies.Allows(MyService, World("192.0.2.1"), Protocol.UDP, port));
    }

    [Fact]
    public void LabelsDependentL4Rule_RequiresBothTheLabelAndThePort()
    {
        // Docs "Labels-dependent Layer 4 rule" (l3_l4_combined.yaml).
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "l3-l4-rule"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  role: backend
              ingress:
              - fromEndpoints:
                - matchLabels:
                    role: frontend
                toPorts:
                - ports:
                  - port: "80"
                    protocol: TCP
            """);
        var backend = Pod("default", ["k8s:role=backend"]);
        var frontend = Pod("default", ["k8s:role=frontend"]);

        Assert.True(policies.Allows(frontend, backend, Protocol.TCP, 80));
        Assert.False(policies.Allows(frontend, backend, Protocol.TCP, 8080));
        Assert.False(policies.Allows(Pod("default", ["k8s:role=other"]), backend, Protocol.TCP, 80));
    }

    [Fact]
    public void ProtocolOmitted_MeansAny_TcpUdpAndSctp_ButNotIcmp()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: any-proto, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: myService}}
              ingress:
              - toPorts:
                - ports:
                  - port: "5000"
            """);

        Assert.True(policies.Allows(Peer, MyService, Protocol.TCP, 5000));
        Assert.True(policies.Allows(Peer, MyService, Protocol.UDP, 5000));
        Assert.True(policies.Allows(Peer, MyService, Protocol.SCTP, 5000));
        Assert.False(policies.Allows(Peer, MyService, Protocol.ICMPv4, 8));
        Assert.False(policies.Allows(Peer, MyService, Protocol.TCP, 5001));
    }

    [Fact]
    public void NamedPort_ResolvesOnTheDestinationPodsContainerPorts()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: named, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: myService}}
              ingress:
              - toPorts:
                - ports:
                  - port: http-api
                    protocol: TCP
            """);
        var withPorts = MyService.WithNamedPorts([new NamedPort("http-api", Protocol.TCP, 8080), new NamedPort("metrics", Protocol.TCP, 9090)]);

        Assert.True(policies.Allows(Peer, withPorts, Protocol.TCP, 8080));
        Assert.False(policies.Allows(Peer, withPorts, Protocol.TCP, 9090));
        Assert.False(policies.Allows(Peer, MyService, Protocol.TCP, 8080));
    }

    [Fact]
    public void IcmpsType8_AllowsEchoRequestOnly()
    {
        // Docs "Example (ICMP/ICMPv6)" (icmp.yaml): ICMP type 8 and ICMPv6 EchoRequest; other L4 is then blocked.
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: icmp-rule
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  app: myService
              egress:
              - icmps:
                - fields:
                  - type: 8
                    family: IPv4
                  - type: EchoRequest
                    family: IPv6
            """);

        Assert.True(policies.Allows(MyService, Peer, Protocol.ICMPv4, 8));
        Assert.True(policies.Allows(MyService, Peer, Protocol.ICMPv6, 128));
        Assert.False(policies.Allows(MyService, Peer, Protocol.ICMPv4, 13));
        Assert.False(policies.Allows(MyService, Peer, Protocol.ICMPv6, 129));
        Assert.False(policies.Allows(MyService, Peer, Protocol.ICMPv4, 128));
        Assert.False(policies.Allows(MyService, Peer, Protocol.TCP, 80));
    }

    [Fact]
    public void L4Policy_BlocksIcmp_UnlessAllowed()
    {
        // Docs: "If any layer 4 policy is specified, then ICMP will be blocked".
        var policies = CiliumPolicies.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: l4, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: myService}}
              egress:
              - toEndpoints: [{}]
                toPorts: [{ports: [{port: "80", protocol: TCP}]}]
            """);

        Assert.False(policies.Allows(MyService, Peer, Protocol.ICMPv4, 8));
        Assert.True(policies.Allows(MyService, Peer, Protocol.TCP, 80));
    }

    [Theory]
    [InlineData("IPv4", "Redirect", Protocol.ICMPv4, 5)]
    [InlineData("IPv4", "Echo", Protocol.ICMPv4, 8)]
    [InlineData("IPv4", "RouterAdvertisement", Protocol.ICMPv4, 9)]
    [InlineData("IPv4", "ParameterProblem", Protocol.ICMPv4, 12)]
    [InlineData("IPv4", "Timestamp", Protocol.ICMPv4, 13)]
    [InlineData("IPv4", "ExtendedEchoRequest", Protocol.ICMPv4, 42)]
    [InlineData("IPv6", "ParameterProblem", Protocol.ICMPv6, 4)]
    [InlineData("IPv6", "RouterSolicitation", Protocol.ICMPv6, 133)]
    [InlineData("IPv6", "NeighborSolicitation", Protocol.ICMPv6, 135)]
    [InlineData("IPv6", "NeighborAdvertisement", Protocol.ICMPv6, 136)]
    [InlineData("IPv6", "ExtendedEchoReply", Protocol.ICMPv6, 161)]
    public void IcmpsTypeByCamelCaseName_AcceptsEveryDocumentedName(string family, string name, Protocol protocol, int type)
    {
        // Names from the ICMPField.Type doc (pkg/policy/api/icmp.go, icmpIpv4TypeNameToCode / icmpIpv6TypeNameToCode).
        var policies = CiliumPolicies.Load($$$"""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: icmp-names, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: myService}}
              ingress:
              - icmps:
                - fields:
                  - {family: {{{family}}}, type: {{{name}}}}
            """);

        Assert.True(policies.Allows(Peer, MyService, protocol, type));
        Assert.False(policies.Allows(Peer, MyService, protocol, type + 1));
    }
}
