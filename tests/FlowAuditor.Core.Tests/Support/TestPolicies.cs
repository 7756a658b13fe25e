using System.Net;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Tests.Support;

/// <summary>NetworkPolicy-shaped engine policies, built the way the manifest loader translates them.</summary>
internal static class TestPolicies
{
    public static LabelSelector Pods(string ns, params (string Key, string Value)[] labels) =>
        new(labels.Select(l => SelectorRequirement.For(l.Key, SelectorOperator.In, [l.Value]))
            .Append(new SelectorRequirement(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.In, [ns])));

    public static Policy DefaultDeny(string ns, bool ingress = true, bool egress = true, string name = "default-deny") =>
        new(new PolicyRef(PolicyKind.NetworkPolicy, ns, name), Pods(ns)) { IsolatesIngress = ingress, IsolatesEgress = egress };

    public static Policy AllowIngress(string ns, string name, LabelSelector subject, params PolicyRule[] rules) =>
        new(new PolicyRef(PolicyKind.NetworkPolicy, ns, name), subject) { IsolatesIngress = true, Ingress = rules };

    public static Policy AllowEgress(string ns, string name, LabelSelector subject, params PolicyRule[] rules) =>
        new(new PolicyRef(PolicyKind.NetworkPolicy, ns, name), subject) { IsolatesIngress = true, IsolatesEgress = true, Egress = rules };

    public static PolicyRule Rule(TrafficDirection direction, int index, Peer peer, params PortMatch[] ports) =>
        new(direction, index, [peer], ports);

    public static PortMatch Tcp(int port) => new(Protocol.TCP, port);

    public static CidrPeer Cidr(string cidr) => new(new CidrBlock(IPNetwork.Parse(cidr), []));
}
