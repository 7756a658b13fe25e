using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Benchmarks.Evaluation;

/// <summary>
/// A seeded, realistic-shaped cluster: namespaces with a team label, pods with app/tier labels, and
/// NetworkPolicy-shaped policies (namespace-scoped subjects, same- and cross-namespace peers, ipBlocks, port lists).
/// </summary>
internal sealed class SyntheticCluster
{
    private static readonly string[] Tiers = ["web", "api", "db", "cache", "worker"];

    public SyntheticCluster(int namespaces, int pods, int policies, int seed)
    {
        var random = new Random(seed);
        var podList = new List<Endpoint>(pods);
        for (var i = 0; i < pods; i++)
        {
            var ns = $"ns-{i % namespaces}";
            var app = $"app-{random.Next(40)}";
            var tier = Tiers[random.Next(Tiers.Length)];
            var pod = Endpoint.Pod(
                ns,
                $"pod-{i}",
                [new("app", app), new("tier", tier), new("pod-template-hash", $"h{random.Next(1000)}")],
                [new(LabelSources.NamespaceNameLabel, ns), new("team", $"team-{i % namespaces % 7}")]);
            podList.Add(new Endpoint(pod.Kind, pod.Labels)
            {
                Namespace = ns,
                Name = pod.Name,
                NamedPorts = [new NamedPort("http", Protocol.TCP, 8080)],
                Address = new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]),
            });
        }

        Pods = podList;
        var policyList = new List<Policy>(policies);
        for (var p = 0; p < policies; p++)
        {
            var ns = $"ns-{p % namespaces}";
            var subject = new LabelSelector([
                SelectorRequirement.For("tier", SelectorOperator.In, [Tiers[random.Next(Tiers.Length)]]),
                new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.In, [ns]),
            ]);
            policyList.Add(new Policy(new PolicyRef(PolicyKind.NetworkPolicy, ns, $"policy-{p}"), subject)
            {
                IsolatesIngress = true,
                IsolatesEgress = random.Next(3) == 0,
                Ingress = [.. Enumerable.Range(1, 1 + random.Next(3)).Select(i => Rule(TrafficDirection.Ingress, i, ns, namespaces, random))],
                Egress = [.. Enumerable.Range(1, random.Next(3)).Select(i => Rule(TrafficDirection.Egress, i, ns, namespaces, random))],
            });
        }

        Policies = policyList;
        External = Endpoint.External(IPAddress.Parse("203.0.113.10"));
    }

    public IReadOnlyList<Endpoint> Pods { get; }

    public IReadOnlyList<Policy> Policies { get; }

    public Endpoint External { get; }

    private static PolicyRule Rule(TrafficDirection direction, int index, string ns, int namespaces, Random random)
    {
        var peers = new List<Peer>();
        switch (random.Next(4))
        {
            case 0:
                peers.Add(new SelectorPeer(new LabelSelector([
                    SelectorRequirement.For("app", SelectorOperator.In, [$"app-{random.Next(40)}", $"app-{random.Next(40)}"]),
                    new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.In, [ns]),
                ])));
                break;
            case 1:
                peers.Add(new SelectorPeer(new LabelSelector([
                    SelectorRequirement.For(LabelSources.NamespaceLabelPrefix + "team", SelectorOperator.In, [$"team-{random.Next(7)}"]),
                    new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists),
                    SelectorRequirement.For("tier", SelectorOperator.NotIn, ["db"]),
                ])));
                break;
            case 2:
                peers.Add(new CidrPeer(new CidrBlock(IPNetwork.Parse("203.0.113.0/24"), [IPNetwork.Parse("203.0.113.128/25")])));
                break;
            default:
                peers.Add(new SelectorPeer(new LabelSelector([
                    SelectorRequirement.For(LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel, SelectorOperator.In, [$"ns-{random.Next(namespaces)}"]),
                    new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists),
                ])));
                break;
        }

        PortMatch[] ports = random.Next(3) switch
        {
            0 => [new PortMatch(Protocol.TCP, 8080), new PortMatch(Protocol.TCP, 9090)],
            1 => [new PortMatch(Protocol.TCP, Name: "http"), new PortMatch(Protocol.UDP, 53)],
            _ => [new PortMatch(Protocol.TCP, 30000, 32767)],
        };
        return new PolicyRule(direction, index, peers, ports);
    }
}
