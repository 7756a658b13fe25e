using FlowAuditor.Core.Attribution;

namespace FlowAuditor.Tests.Attribution;

/// <summary>With no policies loaded, the real drops and the audit cannot be explained: FlowAuditor says so, with likely causes, never a guess.</summary>
public sealed class NoPoliciesCaptureTests
{
    [Theory]
    [InlineData("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl")]
    [InlineData("cilium-pr-40519-policy-verdict-dropped-flow-only.jsonl")]
    [InlineData("audit-policy-verdict-flux-source-controller.jsonl")]
    [InlineData("cilium-issue-18746-policy-verdict-dropped-legacy-json.jsonl")]
    public async Task PolicyDropWithoutPolicies_IsUnexplained_WithLikelyCauses(string fixture)
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync(fixture, string.Empty);

        var attribution = Assert.Single(attributions);
        Assert.Equal(AttributionOutcome.Unexplained, attribution.Outcome);
        Assert.True(attribution.Verdict.Allowed);
        Assert.Empty(attribution.Verdict.Denials);
        Assert.Empty(attribution.Verdict.IsolatedBy);
        Assert.Equal("policy not loaded, or changed since the flow was observed", attribution.LikelyCauses[^1]);
    }

    [Fact]
    public async Task DenyRuleDropWithoutPolicies_CitesHubblesDenyingPolicy()
    {
        var (attributions, _) = await CaptureAttribution.AttributeAsync("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl", string.Empty);

        Assert.Contains(Assert.Single(attributions).LikelyCauses, c => c.Contains("net-lab/deny-tg-to-echo", StringComparison.Ordinal));
    }
}
