using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Analysis.AnalysisFixtures;

namespace FlowAuditor.Core.Tests.Evaluation;

/// <summary>The per-rule evaluator behaviours the connectivity analysis and the explanations rely on.</summary>
public sealed class PolicyRuleBehaviourTests
{
    [Fact]
    public void NamedPort_ResolvesOnDestinationPodByNameAndProtocol()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api, Ingress(1, null, new PortMatch(Protocol.TCP, Name: "http"))));

        Assert.True(evaluator.IsAllowed(Web, Api, Protocol.TCP, 8080));
        Assert.False(evaluator.IsAllowed(Web, Api, Protocol.TCP, 9090));

        // Same name, other protocol: "http" is declared for TCP only.
        var udp = Evaluator(IngressPolicy("api-in", Api, Ingress(1, null, new PortMatch(Protocol.UDP, Name: "http"))));
        Assert.False(udp.IsAllowed(Web, Api, Protocol.UDP, 8080));
    }

    [Fact]
    public void NamedPort_WithoutMatchOnDestination_IsReportedAsUnresolved()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api, Ingress(1, App("shop", "web"), new PortMatch(Protocol.UDP, Name: "http"))));

        var denial = Assert.Single(evaluator.Evaluate(Web, Api, Protocol.TCP, 8080).Ingress.Denials);

        Assert.Equal(DenialReason.NamedPortUnresolved, denial.Reason);
        Assert.Equal(1, denial.Rule);
    }

    [Fact]
    public void EndPortRange_AllowsEveryPortInRange()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api, Ingress(1, null, new PortMatch(Protocol.TCP, 32000, 32768))));

        Assert.False(evaluator.IsAllowed(Web, Api, Protocol.TCP, 31999));
        Assert.True(evaluator.IsAllowed(Web, Api, Protocol.TCP, 32000));
        Assert.True(evaluator.IsAllowed(Web, Api, Protocol.TCP, 32400));
        Assert.True(evaluator.IsAllowed(Web, Api, Protocol.TCP, 32768));
        Assert.False(evaluator.IsAllowed(Web, Api, Protocol.TCP, 32769));
    }

    [Fact]
    public void PolicyTypesEgressOnly_DoesNotIsolateIngress()
    {
        var evaluator = Evaluator(EgressPolicy("api-out", Api));

        var verdict = evaluator.Evaluate(Web, Api, Protocol.TCP, 80);

        Assert.True(verdict.Ingress.Allowed);
        Assert.False(verdict.Ingress.Isolated);
        Assert.False(evaluator.Evaluate(Api, Web, Protocol.TCP, 80).Egress.Allowed);
    }

    [Fact]
    public void RuleSelectingPeerWithOtherPorts_IsPortsMismatchWithItsRuleNumber()
    {
        var evaluator = Evaluator(IngressPolicy(
            "api-in", Api,
            Ingress(1, App("shop", "other"), new PortMatch(Protocol.TCP, 80)),
            Ingress(2, App("shop", "web"), new PortMatch(Protocol.TCP, 443))));

        var ingress = evaluator.Evaluate(Web, Api, Protocol.TCP, 80).Ingress;

        var denial = Assert.Single(ingress.Denials);
        Assert.Equal((2, DenialReason.PortsMismatch), (denial.Rule, denial.Reason));
    }

    [Fact]
    public void NoRuleSelectingPeer_IsOneDenialPerIsolatingPolicy_MarkingPoliciesWithoutRules()
    {
        var evaluator = Evaluator(
            IngressPolicy("api-in", Api, Ingress(1, App("shop", "other"))),
            IngressPolicy("api-deny", Api));

        var denials = evaluator.Evaluate(Web, Api, Protocol.TCP, 80).Ingress.Denials;

        Assert.Equal(2, denials.Count);
        Assert.All(denials, d => Assert.Equal((null, DenialReason.NoRuleSelectsPeer), (d.Rule, d.Reason)));
        Assert.Equal([false, true], denials.Select(d => d.NoRulesDefined));
    }

    [Fact]
    public void AllowedBy_ListsEveryAllowingRuleOfEveryPolicy()
    {
        var evaluator = Evaluator(
            IngressPolicy("a", Api, Ingress(1, null, new PortMatch(Protocol.TCP, 80)), Ingress(2, App("shop", "web"))),
            IngressPolicy("b", Api, Ingress(1, null)));

        var allowedBy = evaluator.Evaluate(Web, Api, Protocol.TCP, 80).Ingress.AllowedBy;

        Assert.Equal(["a#1", "a#2", "b#1"], allowedBy.Select(r => $"{r.Policy.Name}#{r.Rule}"));
    }

    [Fact]
    public void IpBlock_DoesNotMatchPods_UnlessTheOptionSaysSo()
    {
        var web = TestPods.Make("shop", "web", address: "10.0.0.5");
        var policy = IngressPolicy("api-in", Api, Ingress(1, TestPolicies.Cidr("10.0.0.0/8")));

        Assert.False(Evaluator(policy).IsAllowed(web, Api, Protocol.TCP, 80));
        Assert.True(Evaluator(policy).IsAllowed(Endpoint.External(IPAddress.Parse("10.1.2.3")), Api, Protocol.TCP, 80));
        Assert.True(new PolicyEvaluator(new PolicySet([policy]), new EvaluationOptions { IpBlockMatchesPods = true }).IsAllowed(web, Api, Protocol.TCP, 80));
    }

    [Fact]
    public void ExternalSide_IsNeverASubject()
    {
        var evaluator = Evaluator(EgressPolicy("web-out", Web));

        var verdict = evaluator.Evaluate(Endpoint.External(IPAddress.Parse("1.1.1.1")), Web, Protocol.TCP, 80);

        Assert.False(verdict.Egress.Applies);
        Assert.True(verdict.Egress.Allowed);
    }
}
