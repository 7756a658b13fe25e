using FlowAuditor.Core.Analysis;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Core.Tests.Analysis.AnalysisFixtures;

namespace FlowAuditor.Core.Tests.Analysis;

public sealed class ConnectionAnalyzerTests
{
    [Fact]
    public void Allowed_WithoutPolicies_IsAllConnections()
    {
        var analyzer = new ConnectionAnalyzer(Evaluator());

        Assert.True(analyzer.Allowed(Web, Api).IsAll);
    }

    [Fact]
    public void Allowed_IsTheIntersectionOfSourceEgressAndDestinationIngress()
    {
        var analyzer = new ConnectionAnalyzer(Evaluator(
            EgressPolicy("web-out", Web, Egress(1, null, new PortMatch(Protocol.TCP, 80, 90))),
            IngressPolicy("api-in", Api, Ingress(1, App("shop", "web"), new PortMatch(Protocol.TCP, 85, 100), new PortMatch(Protocol.UDP)))));

        var allowed = analyzer.Allowed(Web, Api);

        Assert.Equal("TCP 85-90", allowed.ToString());
    }

    [Fact]
    public void Allowed_ProtocolOnlyEntry_CoversEveryPortOfThatProtocol()
    {
        var analyzer = new ConnectionAnalyzer(Evaluator(IngressPolicy("api-in", Api, Ingress(1, null, new PortMatch(Protocol.UDP)))));

        var allowed = analyzer.Allowed(Web, Api);

        Assert.True(allowed.Udp.IsAll);
        Assert.True(allowed.Tcp.IsEmpty);
        Assert.True(allowed.Sctp.IsEmpty);
    }

    [Fact]
    public void Allowed_NamedPort_ResolvesOnTheDestinationOfEachPair()
    {
        var analyzer = new ConnectionAnalyzer(Evaluator(EgressPolicy("web-out", Web, Egress(1, null, new PortMatch(Protocol.TCP, Name: "http")))));

        Assert.Equal("TCP 8080", analyzer.Allowed(Web, Api).ToString());

        // A destination without a port named http: the rule resolves to nothing there.
        var other = Support.TestPods.Make("shop", "db");
        Assert.True(analyzer.Allowed(Web, other).IsEmpty);
    }

    [Fact]
    public void Allowed_EqualsPortByPortEvaluation_OnGeneratedPolicies()
    {
        // Seeded, so deterministic: random rules over a small port window, checked against brute force on every port.
        var random = new Random(20261124);
        for (var round = 0; round < 8; round++)
        {
            var evaluator = Evaluator(
                EgressPolicy("web-out", Web, [.. Enumerable.Range(1, 3).Select(i => Egress(i, null, RandomPorts(random)))]),
                IngressPolicy("api-in", Api, [.. Enumerable.Range(1, 3).Select(i => Ingress(i, App("shop", "web"), RandomPorts(random)))]));
            var allowed = new ConnectionAnalyzer(evaluator).Allowed(Web, Api);

            foreach (var protocol in Protocols.Transport)
            {
                for (var port = 1; port <= 200; port++)
                {
                    Assert.Equal(evaluator.IsAllowed(Web, Api, protocol, port), allowed.Contains(protocol, port));
                }

                Assert.Equal(evaluator.IsAllowed(Web, Api, protocol, 65535), allowed.Contains(protocol, 65535));
            }
        }
    }

    [Fact]
    public void Explain_GroupsPartitionTheSpaceByIdenticalAttribution()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api, Ingress(1, App("shop", "web"), new PortMatch(Protocol.TCP, 8080)), Ingress(2, App("shop", "web"), new PortMatch(Protocol.UDP, 53))));
        var groups = new ConnectionAnalyzer(evaluator).Explain(Web, Api);

        Assert.Equal(3, groups.Count);
        var tcp = Assert.Single(groups, g => g.Allowed && g.Connections.Tcp.Contains(8080));
        Assert.Equal("TCP 8080", tcp.Connections.ToString());
        Assert.Equal([1], tcp.Verdict.Ingress.AllowedBy.Select(r => r.Rule));
        var udp = Assert.Single(groups, g => g.Allowed && g.Connections.Udp.Contains(53));
        Assert.Equal([2], udp.Verdict.Ingress.AllowedBy.Select(r => r.Rule));
        var denied = Assert.Single(groups, g => !g.Allowed);
        Assert.Equal("TCP 1-8079,8081-65535, UDP 1-52,54-65535, SCTP", denied.Connections.ToString());
        Assert.Equal([DenialReason.PortsMismatch, DenialReason.PortsMismatch], denied.Verdict.Ingress.Denials.Select(d => d.Reason));

        // Disjoint and complete.
        var union = groups.Aggregate(ConnectionSet.None, (acc, g) => acc.Union(g.Connections));
        Assert.True(union.IsAll);
        Assert.Equal(3 * PortRange.MaxPort, groups.Sum(g => Protocols.Transport.Sum(p => g.Connections[p].Count)));
    }

    [Fact]
    public void WithoutAnyPortEntry_TheWholeSpaceIsOneAnswer()
    {
        var evaluator = Evaluator(IngressPolicy("api-in", Api, Ingress(1, App("shop", "other"))));
        var analyzer = new ConnectionAnalyzer(evaluator);

        Assert.True(analyzer.Allowed(Web, Api).IsEmpty);
        var group = Assert.Single(analyzer.Explain(Web, Api));
        Assert.True(group.Connections.IsAll);
        Assert.True(group.Verdict.SameAttribution(evaluator.Evaluate(Web, Api, Protocol.SCTP, 65535)));
    }

    [Fact]
    public void Explain_EveryGroupVerdictIsTheEvaluatorsVerdictForItsPorts()
    {
        var evaluator = Evaluator(
            EgressPolicy("web-out", Web, Egress(1, App("shop", "api"), new PortMatch(Protocol.TCP, 8000, 8100)), Egress(2, null, new PortMatch(Protocol.UDP, 53))),
            IngressPolicy("api-in", Api, Ingress(1, App("shop", "web"), new PortMatch(Protocol.TCP, Name: "http"))));
        var groups = new ConnectionAnalyzer(evaluator).Explain(Web, Api);

        foreach (var group in groups)
        {
            foreach (var protocol in Protocols.Transport)
            {
                foreach (var range in group.Connections[protocol].Ranges)
                {
                    foreach (var port in new[] { range.Start, range.End, (range.Start + range.End) / 2 })
                    {
                        Assert.True(group.Verdict.SameAttribution(evaluator.Evaluate(Web, Api, protocol, port)), $"{protocol}/{port}");
                    }
                }
            }
        }
    }

    private static PortMatch[] RandomPorts(Random random)
    {
        var protocol = Protocols.Transport[random.Next(3)];
        return random.Next(4) switch
        {
            0 => [],
            1 => [new PortMatch(protocol)],
            2 => [new PortMatch(protocol, random.Next(1, 150))],
            _ => [new PortMatch(protocol, random.Next(1, 100), random.Next(100, 200)), new PortMatch(Protocol.TCP, random.Next(1, 200))],
        };
    }
}
