using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Tests.Attribution;

/// <summary>
/// <c>policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl</c>: a real POLICY_DENY (181) egress drop from
/// app=traffic-generator to app=echo-server in net-lab, which Hubble attributes to CNP net-lab/deny-tg-to-echo.
/// </summary>
public sealed class DenyRuleCaptureTests
{
    private const string Fixture = "policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl";

    private const string DenyTgToEcho = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata:
          name: deny-tg-to-echo
          namespace: net-lab
        spec:
          endpointSelector:
            matchLabels:
              app: traffic-generator
          egress:
          - toEndpoints:
            - {}
          egressDeny:
          - toEndpoints:
            - matchLabels:
                app: echo-server
        """;

    [Fact]
    public async Task EgressDenyCapture_IsADenyRule_AgreeingWithHubblesEgressDeniedBy()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(Fixture, DenyTgToEcho);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.DenyRule, attribution.Outcome);
        Assert.Equal(TrafficDirection.Egress, attribution.Direction);
        var policy = new PolicyRef(PolicyKind.CiliumNetworkPolicy, "net-lab", "deny-tg-to-echo");
        Assert.Equal(new Denial(policy, 1, DenialReason.DenyRule), Assert.Single(attribution.Verdict.Denials));
        Assert.Contains($"Hubble agrees: denied by {policy}", attribution.Notes);
        Assert.False(attribution.FixableByAllow);
    }

    [Fact]
    public async Task DenyRuleThatDoesNotMatchTheFlow_LeavesItUnexplained_NamingHubblesPolicy()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(
            Fixture, DenyTgToEcho.Replace("app: echo-server", "app: other-server", StringComparison.Ordinal));

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.Unexplained, attribution.Outcome);
        Assert.True(attribution.Verdict.Allowed);
        Assert.Contains(attribution.LikelyCauses, c => c.Contains("deny-tg-to-echo", StringComparison.Ordinal) && c.Contains("do not match", StringComparison.Ordinal));
    }
}
