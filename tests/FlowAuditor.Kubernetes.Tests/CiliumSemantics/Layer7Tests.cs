using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// docs.cilium.io, "Layer 7 Policies": a port rule with L7 rules allows the connection at L3/L4 and redirects it to
/// the proxy, which then decides each request. FlowAuditor reports the redirect; it does not judge requests.
/// </summary>
public sealed class Layer7Tests
{
    [Fact]
    public void L7HttpRule_AllowsAtL4AndIsReportedAsProxyRedirect()
    {
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "rule1"
              namespace: default
            spec:
              description: "Allow HTTP GET /public from env=prod to app=service"
              endpointSelector:
                matchLabels:
                  app: service
              ingress:
              - fromEndpoints:
                - matchLabels:
                    env: prod
                toPorts:
                - ports:
                  - port: "80"
                    protocol: TCP
                  rules:
                    http:
                    - method: "GET"
                      path: "/public"
              - fromEndpoints:
                - matchLabels:
                    env: prod
                toPorts:
                - ports:
                  - port: "9090"
                    protocol: TCP
            """);
        var service = Pod("default", ["k8s:app=service"]);
        var prod = Pod("default", ["k8s:env=prod"]);

        var http = policies.Ingress(prod, service, Protocol.TCP, 80);
        Assert.True(http.Allowed);
        Assert.True(http.RedirectedToProxy);
        Assert.Equal("http", Assert.Single(http.AllowedBy).L7Protocol);

        var plain = policies.Ingress(prod, service, Protocol.TCP, 9090);
        Assert.True(plain.Allowed);
        Assert.False(plain.RedirectedToProxy);

        Assert.False(policies.Ingress(prod, service, Protocol.TCP, 8080).Allowed);
        Assert.False(policies.Ingress(Pod("default", ["k8s:env=dev"]), service, Protocol.TCP, 80).Allowed);
    }

    [Fact]
    public void L7DnsRule_WithToFqdns_IsReportedAsDnsProxyRedirect()
    {
        // Docs "DNS based" example (fqdn.yaml): DNS to kube-dns via the DNS proxy, then my-remote-service.com.
        var policies = CiliumPolicies.Load("""
            apiVersion: "cilium.io/v2"
            kind: CiliumNetworkPolicy
            metadata:
              name: "to-fqdn"
              namespace: default
            spec:
              endpointSelector:
                matchLabels:
                  app: test-app
              egress:
                - toEndpoints:
                  - matchLabels:
                      "k8s:io.kubernetes.pod.namespace": kube-system
                      "k8s:k8s-app": kube-dns
                  toPorts:
                    - ports:
                       - port: "53"
                         protocol: ANY
                      rules:
                        dns:
                          - matchPattern: "*"
                - toFQDNs:
                    - matchName: "my-remote-service.com"
            """);
        var app = Pod("default", ["k8s:app=test-app"]);
        var kubeDns = Pod("kube-system", ["k8s:k8s-app=kube-dns"]);

        var dns = policies.Egress(app, kubeDns, Protocol.UDP, 53);
        Assert.True(dns.RedirectedToProxy);
        Assert.Equal("dns", Assert.Single(dns.AllowedBy).L7Protocol);

        var remote = policies.Egress(app, World("192.0.2.44", "my-remote-service.com"), Protocol.TCP, 443);
        Assert.True(remote.Allowed);
        Assert.False(remote.RedirectedToProxy);
        Assert.False(policies.Egress(app, World("192.0.2.45", "other.com"), Protocol.TCP, 443).Allowed);
        Assert.False(policies.Egress(app, kubeDns, Protocol.TCP, 80).Allowed);
    }
}
