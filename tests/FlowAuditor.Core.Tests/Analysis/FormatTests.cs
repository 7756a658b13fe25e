using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Tests.Analysis;

public sealed class FormatTests
{
    private static readonly PolicyRef Policy = new(PolicyKind.NetworkPolicy, "ns", "p");

    [Fact]
    public void ConnlistConnections_GroupsByProtocolInAlphabeticalOrder()
    {
        var set = ConnectionSet.Of(Protocol.UDP, PortSet.Single(9090))
            .Union(ConnectionSet.Of(Protocol.TCP, PortSet.Of([new PortRange(8080, 8081)])))
            .Union(ConnectionSet.Of(Protocol.SCTP, PortSet.Single(7070)));

        Assert.Equal("SCTP 7070,TCP 8080-8081,UDP 9090", ConnlistFormat.Connections(set));
        Assert.Equal("All Connections", ConnlistFormat.Connections(ConnectionSet.All));
    }

    [Fact]
    public void ExplainSubset_NamesAProtocolWithEveryPortAlone()
    {
        var set = ConnectionSet.Of(Protocol.TCP, PortSet.Single(80).Complement()).Union(ConnectionSet.Of(Protocol.UDP, PortSet.All)).Union(ConnectionSet.Of(Protocol.SCTP, PortSet.All));

        Assert.Equal("TCP:[1-79,81-65535], UDP, SCTP", ExplainText.Subset(set));
    }

    [Fact]
    public void ExplainDirection_NotIsolated_IsTheSystemDefault()
    {
        var text = ExplainText.Direction(new DirectionVerdict(TrafficDirection.Egress, true), "a", "b");

        Assert.Equal("Egress (Allowed) due to the system default (Allow all)", text.Header);
        Assert.Empty(text.Details);
    }

    [Fact]
    public void ExplainDirection_Denied_NamesEachReason()
    {
        var verdict = new DirectionVerdict(TrafficDirection.Ingress, false)
        {
            IsolatedBy = [Policy],
            Denials =
            [
                new Denial(Policy, null, DenialReason.NoRuleSelectsPeer) { NoRulesDefined = true },
                new Denial(Policy, 2, DenialReason.PortsMismatch),
                new Denial(Policy, 3, DenialReason.NamedPortUnresolved),
            ],
        };

        var text = ExplainText.Direction(verdict, "ns/dst[Pod]", "ns/src[Pod]");

        Assert.Equal("Ingress (Denied)", text.Header);
        Assert.Equal(
            [
                "NetworkPolicy 'ns/p' selects ns/dst[Pod], but ns/src[Pod] is not allowed by any Ingress rule (no rules defined)",
                "NetworkPolicy 'ns/p' selects ns/dst[Pod], and Ingress rule #2 selects ns/src[Pod], but the protocols and ports do not match",
                "NetworkPolicy 'ns/p' selects ns/dst[Pod], and Ingress rule #3 selects ns/src[Pod], but named ports of the rule have no match in the configuration of the destination peer",
            ],
            text.Details);
    }

    [Fact]
    public void ExplainDirection_Allowed_NamesEveryAllowingRule()
    {
        var verdict = new DirectionVerdict(TrafficDirection.Egress, true) { IsolatedBy = [Policy], AllowedBy = [new RuleRef(Policy, 1), new RuleRef(Policy, 4)] };

        var text = ExplainText.Direction(verdict, "a", "b");

        Assert.Equal("Egress (Allowed)", text.Header);
        Assert.Equal(["NetworkPolicy 'ns/p' allows connections by Egress rule #1", "NetworkPolicy 'ns/p' allows connections by Egress rule #4"], text.Details);
    }
}
