using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Selectors;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Support;

/// <summary>Random (seeded) clusters and policy sets: three namespaces of three workloads, default denies and allows.</summary>
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
                pods.Add(TestPods.Make($"ns-{n}", $"w{n}{w}", address: $"10.0.{n}.{w + 10}", labels: [("app", $"w{n}{w}"), ("team", $"t{random.Next(2)}")]));
            }
        }

        return pods;
    }

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
                Peer peer = random.Next(3) switch
                {
                    0 => new SelectorPeer(TestPolicies.Pods(ns, ("team", $"t{random.Next(2)}"))),
                    1 => new SelectorPeer(new LabelSelector([
                        SelectorRequirement.For(LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel, SelectorOperator.In, [$"ns-{random.Next(3)}"]),
                        new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists),
                    ])),
                    _ => Cidr("203.0.113.0/28"),
                };
                var rule = Rule(direction, 1, peer, Tcp(PortPool[random.Next(PortPool.Length)]));
                yield return direction == TrafficDirection.Ingress
                    ? AllowIngress(ns, $"allow-{p}", subject, rule)
                    : AllowEgress(ns, $"allow-{p}", subject, rule);
            }
        }
    }
}
