using System.Net;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Suggestions;

/// <summary>
/// Random clusters, random policy sets and random traffic (seeded, so every run is the same): whatever was denied,
/// the suggestions must admit all of it, and must admit no peer or port that was never observed. Each seed decides as
/// one Cilium version (1.17 to 1.20), and the policies use the constructs whose verdict depends on the version or the
/// agent: negative-only namespace selectors, <c>0.0.0.0/0</c> with except, the <c>none</c> entity, selectors on
/// filtered labels (<c>pod-template-hash</c>), egress named ports defined once or with two numbers, and traffic from
/// the host, remote nodes and <c>reserved:world</c>.
/// </summary>
public sealed class GeneratedScenarioTests
{
    private static readonly int[] ProbePorts = [1, 53, 80, 443, 5432, 7000, 8080, 8081, 8082, 8083, 9090, 65535];

    public static TheoryData<int, SuggestionFormat> Seeds()
    {
        var data = new TheoryData<int, SuggestionFormat>();
        for (var seed = 1; seed <= 30; seed++)
        {
            data.Add(seed, seed % 3 == 0 ? SuggestionFormat.Cilium : SuggestionFormat.NetworkPolicy);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SuggestionsAdmitEveryObservedDenial_AndNothingThatWasNotObserved(int seed, SuggestionFormat format)
    {
        var random = new Random(seed);
        var pods = GeneratedCluster.Pods(random);
        var externals = Enumerable.Range(1, 3).Select(i => Endpoint.External(IPAddress.Parse($"203.0.113.{i * 10}"))).ToList();
        var reserved = new List<Endpoint>
        {
            Endpoint.ForEntity(EndpointKind.Host, IPAddress.Parse("172.18.0.2")),
            Endpoint.ForEntity(EndpointKind.RemoteNode, IPAddress.Parse("172.18.0.3")),
        };
        var options = EvaluationOptions.ForVersion(CiliumVersion.Modelled[seed % CiliumVersion.Modelled.Count]);
        var policies = new PolicySet(GeneratedCluster.Policies(random)) { NamedPorts = new ClusterNamedPorts(pods) };
        var before = new PolicyEvaluator(policies, options);
        var session = new AuditSession(new FlowAttributor(before));
        // Direction-level denials the suggestions may admit: what Hubble reported, plus the destination's ingress of a
        // pod-to-pod connection its source's egress dropped (the same observed connection, denied next at ingress).
        var observed = new HashSet<(string Subject, string Peer, TrafficDirection Direction, Protocol Protocol, int Port)>();
        var replayed = new HashSet<(string Subject, string Peer, TrafficDirection Direction, Protocol Protocol, int Port)>();

        for (var i = 0; i < 80; i++)
        {
            var (source, destination) = random.Next(6) switch
            {
                0 => (pods[random.Next(pods.Count)], externals[random.Next(externals.Count)]),
                1 => (externals[random.Next(externals.Count)], pods[random.Next(pods.Count)]),
                2 when format == SuggestionFormat.Cilium => (reserved[random.Next(reserved.Count)], pods[random.Next(pods.Count)]),
                _ => (pods[random.Next(pods.Count)], pods[random.Next(pods.Count)]),
            };
            var protocol = random.Next(4) == 0 ? Protocol.UDP : Protocol.TCP;
            var port = GeneratedCluster.PortPool[random.Next(GeneratedCluster.PortPool.Length)];
            var egress = before.EvaluateDirection(source, destination, TrafficDirection.Egress, protocol, port);
            var ingress = before.EvaluateDirection(destination, source, TrafficDirection.Ingress, protocol, port);
            if (egress.Allowed && ingress.Allowed)
            {
                continue;
            }

            // Cilium drops at the first side that denies: the source's egress, else the destination's ingress.
            var direction = egress.Allowed ? FlowDirection.Ingress : FlowDirection.Egress;
            session.Observe(TestFlows.PolicyVerdict(source, destination, direction, FlowVerdict.Dropped, port, protocol, DropReasons.PolicyDenied, seconds: i, sourcePort: 30000 + i));
            var (subject, peer) = direction == FlowDirection.Egress ? (source, destination) : (destination, source);
            var reported = (Key(subject), Key(peer), direction == FlowDirection.Egress ? TrafficDirection.Egress : TrafficDirection.Ingress, protocol, port);
            observed.Add(reported);
            replayed.Add(reported);
            if (direction == FlowDirection.Egress && !ingress.Allowed)
            {
                observed.Add((Key(destination), Key(source), TrafficDirection.Ingress, protocol, port));
            }
        }

        var report = session.BuildReport(policies, new ClusterModel(new Dictionary<string, IReadOnlyDictionary<string, string>>(), pods), new SuggestionOptions { Format = format }, options);

        Assert.True(report.Verification.Succeeded, $"seed {seed}: still denied: {string.Join("; ", report.Verification.StillDenied.Select(r => $"{r.Subject} {r.Direction} {r.Peer} {r.Protocol}/{r.Port}"))}");
        Assert.Equal(replayed.Count, report.Verification.Replayed);

        var after = new PolicyEvaluator(policies.With(report.Suggestions.Policies.Select(SuggestionTranslator.ToPolicy), 1), options);
        foreach (var subject in pods)
        {
            foreach (var peer in pods.Concat(externals).Concat(reserved))
            {
                foreach (var direction in (TrafficDirection[])[TrafficDirection.Egress, TrafficDirection.Ingress])
                {
                    foreach (var protocol in (Protocol[])[Protocol.TCP, Protocol.UDP])
                    {
                        foreach (var port in ProbePorts)
                        {
                            var newlyAllowed = after.EvaluateDirection(subject, peer, direction, protocol, port).Allowed
                                && !before.EvaluateDirection(subject, peer, direction, protocol, port).Allowed;
                            if (!newlyAllowed)
                            {
                                continue;
                            }

                            var dnsWidening = port == 53 && direction == TrafficDirection.Egress
                                && (observed.Contains((Key(subject), Key(peer), direction, Protocol.UDP, 53)) || observed.Contains((Key(subject), Key(peer), direction, Protocol.TCP, 53)));
                            // The namespace-wide DNS policy admits the observed DNS peer for every pod of a namespace
                            // already isolated for egress, on purpose.
                            var namespaceDns = port == 53 && direction == TrafficDirection.Egress
                                && report.Suggestions.Policies.Any(p => p.NamespaceWide && p.Namespace == subject.Namespace)
                                && observed.Any(o => o.Item3 == TrafficDirection.Egress && o.Item5 == 53 && o.Item2 == Key(peer) && o.Item1.StartsWith(subject.Namespace + "/", StringComparison.Ordinal));
                            Assert.True(
                                dnsWidening || namespaceDns || observed.Contains((Key(subject), Key(peer), direction, protocol, port)),
                                $"seed {seed}: {subject} {direction} {peer} {protocol}/{port} was never observed but is now allowed");
                        }
                    }
                }
            }
        }
    }

    private static string Key(Endpoint endpoint) => endpoint.Workload?.ToString() ?? endpoint.Address?.ToString() ?? endpoint.ToString();
}
