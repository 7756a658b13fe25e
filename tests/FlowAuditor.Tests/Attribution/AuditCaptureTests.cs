using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using HubbleDirection = FlowAuditor.Hubble.Api.TrafficDirection;

namespace FlowAuditor.Tests.Attribution;

/// <summary>
/// <c>audit-policy-verdict-flux-source-controller.jsonl</c>: a real AUDIT policy verdict observed on
/// kind-control-plane, traffic_direction INGRESS, from flux-system/source-controller (pod CIDR of another node) to
/// 172.18.0.3:6443, whose identity is 1 with <c>reserved:host</c> + <c>reserved:kube-apiserver</c>. An ingress verdict
/// at the host is the host firewall (the script the record came from turns such flows into nodeSelector rules), which
/// FlowAuditor does not evaluate: it must say so, never pin the audit on a pod policy.
/// </summary>
public sealed class AuditCaptureTests
{
    private const string Fixture = "audit-policy-verdict-flux-source-controller.jsonl";

    private const string HostFirewall = """
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata:
          name: host-fw-control-plane
        spec:
          nodeSelector:
            matchLabels:
              node-role.kubernetes.io/control-plane: ""
          ingress:
          - fromEntities:
            - remote-node
            - health
        ---

        """;

    private const string FluxEgressDefaultDeny = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata:
          name: flux-egress-default-deny
          namespace: flux-system
        spec:
          endpointSelector: {}
          egress:
          - toEndpoints:
            - matchLabels:
                k8s:io.kubernetes.pod.namespace: kube-system
                k8s:k8s-app: kube-dns
            toPorts:
            - ports:
              - port: "53"
                protocol: UDP

        """;

    [Fact]
    public async Task AuditAtTheHostIngress_IsUnexplained_NamingTheHostFirewallAsNotEvaluated()
    {
        var (attributions, evaluator) = await CaptureAttribution.AttributeAsync(Fixture, HostFirewall + FluxEgressDefaultDeny);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.Unexplained, attribution.Outcome);
        Assert.Equal(TrafficDirection.Ingress, attribution.Direction);
        Assert.Equal(EndpointKind.Host, attribution.Subject.Kind);
        Assert.False(attribution.Verdict.Applies);
        Assert.Contains(attribution.LikelyCauses, c => c.Contains("host firewall and node policies are not evaluated", StringComparison.Ordinal));
        Assert.Equal("host-fw-control-plane", Assert.Single(evaluator.NotEvaluated).Ref.Name);
    }

    [Fact]
    public async Task SameRecordAsAnEgressVerdict_IsAttributedAsDefaultDeny_ToTheFluxPolicy()
    {
        // Derived variant, not a capture: the same record with traffic_direction EGRESS, as the source pod's node
        // would report an audited egress default deny.
        var (attributions, _) = await CaptureAttribution.AttributeAsync(
            Fixture, FluxEgressDefaultDeny, flow => flow.TrafficDirection = HubbleDirection.Egress);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.DefaultDeny, attribution.Outcome);
        var policy = new PolicyRef(PolicyKind.CiliumNetworkPolicy, "flux-system", "flux-egress-default-deny");
        Assert.Equal(new Denial(policy, null, DenialReason.NoRuleSelectsPeer), Assert.Single(attribution.Verdict.Denials));
    }

    [Fact]
    public async Task SameRecordAsAnEgressVerdict_AllowedByToEntitiesKubeApiserver_IsNotADefaultDeny()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(
            Fixture,
            FluxEgressDefaultDeny + """
                  - toEntities:
                    - kube-apiserver
                    toPorts:
                    - ports:
                      - port: "6443"
                        protocol: TCP
                """,
            flow => flow.TrafficDirection = HubbleDirection.Egress);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.Unexplained, attribution.Outcome);
        Assert.True(attribution.Verdict.Allowed);
        Assert.Single(attribution.Verdict.AllowedBy);
    }
}
