using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Tests.Attribution;

/// <summary>
/// <c>cilium-pr-40519-policy-verdict-dropped-flow-only.jsonl</c>: a real POLICY_DENIED (133) egress policy verdict from
/// the connectivity-test client in cilium-test-5 to 1.1.1.1:80 (<c>reserved:world-ipv4</c>, destination_names
/// one.one.one.one): default deny of an isolated egress. Hubble names no policy for 133.
/// </summary>
public sealed class DefaultDenyCaptureTests
{
    private const string Fixture = "cilium-pr-40519-policy-verdict-dropped-flow-only.jsonl";

    private const string ClientEgressOnlyDns = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata:
          name: client-egress-only-dns
          namespace: cilium-test-5
        spec:
          endpointSelector:
            matchLabels:
              kind: client
          egress:
          - toPorts:
            - ports:
              - port: "53"
                protocol: ANY
            toEndpoints:
            - matchExpressions:
              - {key: 'k8s:io.kubernetes.pod.namespace', operator: In, values: [kube-system]}
              - {key: 'k8s:k8s-app', operator: In, values: [kube-dns, coredns]}
        """;

    private static readonly PolicyRef IsolatingPolicy = new(PolicyKind.CiliumNetworkPolicy, "cilium-test-5", "client-egress-only-dns");

    [Fact]
    public async Task DefaultDenyCapture_NamesTheIsolatingPolicy()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(Fixture, ClientEgressOnlyDns);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.DefaultDeny, attribution.Outcome);
        Assert.Equal(TrafficDirection.Egress, attribution.Direction);
        Assert.Equal(EndpointKind.World, attribution.Peer.Kind);
        Assert.Equal([IsolatingPolicy], attribution.Verdict.IsolatedBy);
        Assert.Equal(new Denial(IsolatingPolicy, null, DenialReason.NoRuleSelectsPeer), Assert.Single(attribution.Verdict.Denials));
        Assert.True(attribution.FixableByAllow);
    }

    [Fact]
    public async Task ToFqdnsRuleForTheFlowsNameOnAnotherPort_IsTheNearMiss()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(Fixture, ClientEgressOnlyDns + """

              - toFQDNs:
                - matchName: one.one.one.one
                toPorts:
                - ports:
                  - port: "443"
                    protocol: TCP
            """);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.DefaultDeny, attribution.Outcome);
        Assert.Equal(new Denial(IsolatingPolicy, 2, DenialReason.PortsMismatch), Assert.Single(attribution.Verdict.Denials));
    }

    [Fact]
    public async Task PolicyThatAllowsTheFlow_LeavesTheDropUnexplained_WithLikelyCauses()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(Fixture, ClientEgressOnlyDns + """

              - toFQDNs:
                - matchPattern: "*.one.one.one"
                toPorts:
                - ports:
                  - port: "80"
                    protocol: TCP
            """);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.Unexplained, attribution.Outcome);
        Assert.True(attribution.Verdict.Allowed);
        Assert.Contains("policy not loaded, or changed since the flow was observed", attribution.LikelyCauses);
    }
}
