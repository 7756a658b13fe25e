using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Tests.Support;

namespace FlowAuditor.Core.Tests.Analysis;

/// <summary>Small hand-built clusters for the analysis tests.</summary>
internal static class AnalysisFixtures
{
    public static Endpoint Web { get; } = TestPods.Make("shop", "web");

    public static Endpoint Api { get; } = TestPods.Make("shop", "api").WithNamedPorts(
        [new NamedPort("http", Protocol.TCP, 8080), new NamedPort("metrics", Protocol.TCP, 9090), new NamedPort("dns", Protocol.UDP, 53)]);

    public static PolicyRule Ingress(int index, Peer? peer, params PortMatch[] ports) =>
        new(TrafficDirection.Ingress, index, peer is null ? [] : [peer], ports);

    public static PolicyRule Egress(int index, Peer? peer, params PortMatch[] ports) =>
        new(TrafficDirection.Egress, index, peer is null ? [] : [peer], ports);

    public static SelectorPeer App(string ns, string app) => new(TestPolicies.Pods(ns, ("app", app)));

    public static Policy IngressPolicy(string name, Endpoint subject, params PolicyRule[] rules) =>
        new(new PolicyRef(PolicyKind.NetworkPolicy, subject.Namespace, name), TestPolicies.Pods(subject.Namespace!, ("app", subject.Workload!.Name)))
        {
            IsolatesIngress = true,
            Ingress = rules,
        };

    public static Policy EgressPolicy(string name, Endpoint subject, params PolicyRule[] rules) =>
        new(new PolicyRef(PolicyKind.NetworkPolicy, subject.Namespace, name), TestPolicies.Pods(subject.Namespace!, ("app", subject.Workload!.Name)))
        {
            IsolatesEgress = true,
            Egress = rules,
        };

    public static PolicyEvaluator Evaluator(params Policy[] policies) => new(new PolicySet(policies));
}
