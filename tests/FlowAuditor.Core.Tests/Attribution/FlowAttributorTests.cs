using System.Net;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Attribution;

public sealed class FlowAttributorTests
{
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend");
    private static readonly Endpoint Backend = TestPods.Make("production", "backend");
    private static readonly Endpoint Prometheus = TestPods.Make("monitoring", "prometheus", "StatefulSet");

    private static FlowAttributor Attributor(params Policy[] policies) => new(new PolicyEvaluator(new PolicySet(policies)));

    private static Policy FrontendToBackend8080 => AllowIngress(
        "production", "allow-frontend-to-backend", Pods("production", ("app", "backend")),
        Rule(TrafficDirection.Ingress, 1, new SelectorPeer(Pods("production", ("app", "frontend"))), Tcp(8080)));

    [Fact]
    public void DefaultDenyDrop_NamesIsolatingPolicies_AndTheRuleThatSelectsThePeerButNotThePort()
    {
        var attributor = Attributor(DefaultDeny("production"), FrontendToBackend8080);

        var result = attributor.Attribute(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 9090))!;

        Assert.Equal(AttributionOutcome.DefaultDeny, result.Outcome);
        Assert.Equal(TrafficDirection.Ingress, result.Direction);
        Assert.Same(Backend.Labels, result.Subject.Labels);
        Assert.Equal(["production/allow-frontend-to-backend", "production/default-deny"], result.Verdict.IsolatedBy.Select(p => p.QualifiedName).Order());
        var nearMiss = Assert.Single(result.Verdict.Denials, d => d.Policy.Name == "allow-frontend-to-backend");
        Assert.Equal(DenialReason.PortsMismatch, nearMiss.Reason);
        Assert.Equal(1, nearMiss.Rule);
        var defaultDeny = Assert.Single(result.Verdict.Denials, d => d.Policy.Name == "default-deny");
        Assert.Equal(DenialReason.NoRuleSelectsPeer, defaultDeny.Reason);
        Assert.True(defaultDeny.NoRulesDefined);
    }

    [Fact]
    public void DefaultDenyDrop_FromAPeerNoRuleSelects_SaysNoRuleSelectsThePeer()
    {
        var attributor = Attributor(DefaultDeny("production"), FrontendToBackend8080);

        var result = attributor.Attribute(TestFlows.Dropped(Prometheus, Backend, FlowDirection.Ingress, 8080))!;

        Assert.Equal(AttributionOutcome.DefaultDeny, result.Outcome);
        Assert.All(result.Verdict.Denials, d => Assert.Equal(DenialReason.NoRuleSelectsPeer, d.Reason));
    }

    [Fact]
    public void DenyRuleDrop_NamesTheDenyRule_AndNotesThatHubbleAgrees()
    {
        var deny = new Policy(new PolicyRef(PolicyKind.CiliumNetworkPolicy, "production", "deny-frontend-egress"), Pods("production", ("app", "frontend")))
        {
            IsolatesEgress = true,
            EgressDeny = [Rule(TrafficDirection.Egress, 1, new SelectorPeer(Pods("production", ("app", "backend"))))],
        };
        var flow = TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Egress, FlowVerdict.Dropped, 8080, dropReason: DropReasons.PolicyDeny);
        flow = new FlowRecord
        {
            Source = flow.Source, Destination = flow.Destination, Verdict = flow.Verdict, DropReason = flow.DropReason, EventType = flow.EventType,
            Direction = flow.Direction, Protocol = flow.Protocol, DestinationPort = flow.DestinationPort,
            EgressDeniedBy = [deny.Ref],
        };

        var result = Attributor(deny).Attribute(flow)!;

        Assert.Equal(AttributionOutcome.DenyRule, result.Outcome);
        var denial = Assert.Single(result.Verdict.Denials);
        Assert.Equal((DenialReason.DenyRule, 1), (denial.Reason, denial.Rule));
        Assert.Contains(result.Notes, n => n.StartsWith("Hubble agrees", StringComparison.Ordinal));
        Assert.False(result.FixableByAllow);
    }

    [Fact]
    public void HubbleDrop_ThatLoadedPoliciesAllow_IsUnexplained_WithLikelyCauses_NeverAGuess()
    {
        var attributor = Attributor(FrontendToBackend8080);

        var result = attributor.Attribute(TestFlows.Dropped(Frontend, Backend, FlowDirection.Ingress, 8080))!;

        Assert.Equal(AttributionOutcome.Unexplained, result.Outcome);
        Assert.True(result.Verdict.Allowed);
        Assert.Contains(result.LikelyCauses, c => c.Contains("policy not loaded", StringComparison.Ordinal));
    }

    [Fact]
    public void HubbleDeny181_WhenNoLoadedDenyRuleMatches_IsUnexplained()
    {
        var attributor = Attributor(DefaultDeny("production"));

        var result = attributor.Attribute(TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Ingress, FlowVerdict.Dropped, 80, dropReason: DropReasons.PolicyDeny))!;

        Assert.Equal(AttributionOutcome.Unexplained, result.Outcome);
        Assert.Contains(result.LikelyCauses, c => c.Contains("POLICY_DENY", StringComparison.Ordinal));
    }

    [Fact]
    public void HostTraffic_DroppedButAllowedByLoadedPolicies_NamesHostTrafficAsLikelyCause()
    {
        var host = Endpoint.ForEntity(EndpointKind.Host, IPAddress.Parse("172.18.0.2"));

        var result = Attributor().Attribute(TestFlows.Dropped(host, Backend, FlowDirection.Ingress, 8080))!;

        Assert.Equal(AttributionOutcome.Unexplained, result.Outcome);
        Assert.StartsWith("host or node traffic", result.LikelyCauses[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AuditVerdict_OfDefaultDeniedTraffic_IsAttributedLikeADrop()
    {
        var attributor = Attributor(DefaultDeny("production"));

        var result = attributor.Attribute(TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Egress, FlowVerdict.Audit, 8080))!;

        Assert.Equal(AttributionOutcome.DefaultDeny, result.Outcome);
        Assert.Equal(TrafficDirection.Egress, result.Direction);
        Assert.Same(Frontend.Labels, result.Subject.Labels);
    }

    [Fact]
    public void ForwardedNewConnection_ThatLoadedPoliciesDeny_IsNotEnforced()
    {
        var attributor = Attributor(DefaultDeny("production"));

        var result = attributor.Attribute(TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Ingress, FlowVerdict.Forwarded, 8080))!;

        Assert.Equal(AttributionOutcome.NotEnforced, result.Outcome);
        Assert.NotEmpty(result.LikelyCauses);
    }

    [Fact]
    public void ForwardedReply_IsNotChecked_BecauseRepliesPassOnConnectionTracking()
    {
        var attributor = Attributor(DefaultDeny("production"));
        var reply = TestFlows.PolicyVerdict(Backend, Frontend, FlowDirection.Ingress, FlowVerdict.Forwarded, 40000);
        reply = new FlowRecord { Source = reply.Source, Destination = reply.Destination, Verdict = reply.Verdict, EventType = FlowEventTypes.Trace, IsReply = true, Protocol = reply.Protocol, DestinationPort = 40000 };

        Assert.Null(attributor.Attribute(reply));
    }

    [Fact]
    public void NonPolicyDrop_IsNotAttributed()
    {
        var flow = TestFlows.PolicyVerdict(Frontend, Backend, FlowDirection.Ingress, FlowVerdict.Dropped, 80, dropReason: 155);

        Assert.Null(Attributor(DefaultDeny("production")).Attribute(flow));
        Assert.Equal(FlowClass.NonPolicyDrop, FlowClassifier.Classify(flow));
    }
}
