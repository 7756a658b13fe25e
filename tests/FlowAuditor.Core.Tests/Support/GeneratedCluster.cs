using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Support;

/// <summary>Random (seeded) clusters and policy sets: three namespaces of three workloads (some with named ports), default denies and allows.</summary>
internal static class GeneratedCluster
{
    public static readonly int[] PortPool = [53, 80, 443, 5432, 8080, 8081, 8082, 9090];

    public static List<Endpoint> Pods(Random random)
    {
        var pods = new List<Endpoint>();
        for (var n = 0; n < 3; n++)
        {
            for (var w = 0; w < 3; w++)
            {
                var pod = TestPods.Make($"ns-{n}", $"w{n}{w}", address: $"10.0.{n}.{w + 10}", labels: [("app", $"w{n}{w}"), ("team", $"t{random.Next(2)}")]);

                // "http" has one number in the cluster; "metrics" two (up to 1.19 an egress rule on it resolves to nothing).
                pods.Add(random.Next(3) switch
                {
                    0 => pod.WithNamedPorts([new NamedPort("http", Protocol.TCP, 8080)]),
                    1 => pod.WithNamedPorts([new NamedPort("metrics", Protocol.TCP, w == 0 ? 9090 : 8081)]),
                    _ => pod,
                });
            }
        }

        return pods;
    }

    /// <summary>Policies of every kind of peer, including the constructs whose verdict depends on the Cilium version.</summary>
    public static IEnumerable<Policy> Policies(Random random)
    {
        for (var n = 0; n < 3; n++)
        {
            var ns = $"ns-{n}";
            yield return DefaultDeny(ns, ingress: random.Next(4) != 0, egress: random.Next(2) == 0, name: "default-deny");
            for (var p = 0; p < random.Next(4); p++)
            {
                var direction = random.Next(2) == 0 ? TrafficDirection.Ingress : TrafficDirection.Egress;
                var subject = TestPolicies.Pods(ns, ("app", $"w{n}{random.Next(3)}"));
                Peer peer = random.Next(7) switch
                {
                    0 => new SelectorPeer(TestPolicies.Pods(ns, ("team", $"t{random.Next(2)}"))) { LocalClusterByDefault = true },
                    1 => new SelectorPeer(new LabelSelector([
                        SelectorRequirement.For(LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel, SelectorOperator.In, [$"ns-{random.Next(3)}"]),
                        new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists),
                    ])),

                    // A NetworkPolicy namespaceSelector of only NotIn: non-pods too unless policy-default-local-cluster.
                    2 => new SelectorPeer(new LabelSelector([
                        new SelectorRequirement(LabelSources.K8s, LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel, SelectorOperator.NotIn, [$"ns-{random.Next(3)}"]),
                    ])) { LocalClusterByDefault = true },
                    3 => new CidrPeer(new CidrBlock(IPNetwork.Parse("0.0.0.0/0"), [IPNetwork.Parse("203.0.113.0/28")])),
                    4 => new EntityPeer(EntitySet.None, ["none"]),
                    5 => new SelectorPeer(TestPolicies.Pods(ns, ("pod-template-hash", "7d9c5b8f6d"))),
                    _ => Cidr("203.0.113.0/28"),
                };
                var port = random.Next(4) switch
                {
                    0 => new PortMatch(Protocol.TCP, Name: direction == TrafficDirection.Egress && random.Next(2) == 0 ? "metrics" : "http"),
                    _ => Tcp(PortPool[random.Next(PortPool.Length)]),
                };
                var rule = Rule(direction, 1, peer, port);
                yield return direction == TrafficDirection.Ingress
                    ? AllowIngress(ns, $"allow-{p}", subject, rule)
                    : AllowEgress(ns, $"allow-{p}", subject, rule);
            }
        }
    }
}
