using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Mapping;

/// <summary>The real captures decode into what attribution needs: identities, direction, verdict, Hubble's own policy names.</summary>
public sealed class FlowRecordMapperTests
{
    private static async Task<FlowRecord> SingleAsync(string fixture)
    {
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf(fixture)]);
        return new FlowRecordMapper().Map(responses.Single().Flow);
    }

    [Fact]
    public async Task Deny181_MapsVerdictDirectionAndHubblesDeniedBy()
    {
        var flow = await SingleAsync("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl");

        Assert.Equal((FlowVerdict.Dropped, 181, "POLICY_DENY"), (flow.Verdict, flow.DropReason, flow.DropReasonName));
        Assert.Equal(FlowDirection.Egress, flow.Direction);
        Assert.Equal((Protocol.TCP, 80, true), (flow.Protocol, flow.DestinationPort, flow.TcpSyn));
        var deniedBy = Assert.Single(flow.EgressDeniedBy);
        Assert.Equal(new PolicyRef(PolicyKind.CiliumNetworkPolicy, "net-lab", "deny-tg-to-echo"), deniedBy);
        Assert.Equal(new WorkloadRef("net-lab", "traffic-generator", "Deployment"), flow.Source.Workload);
    }

    [Fact]
    public async Task TrimmedLabels_GetThePodNamespaceLabelFromTheEndpointsNamespace()
    {
        var flow = await SingleAsync("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl");

        Assert.True(flow.Source.Labels.TryGetValue(LabelSources.K8s, LabelSources.PodNamespaceKey, out var ns));
        Assert.Equal("net-lab", ns);
        Assert.Equal(EndpointKind.Pod, flow.Destination.Kind);
    }

    [Fact]
    public async Task WorldDestination_IsExternal_WithItsDnsNames()
    {
        var flow = await SingleAsync("cilium-pr-40519-policy-verdict-dropped-flow-only.jsonl");

        Assert.Equal(EndpointKind.World, flow.Destination.Kind);
        Assert.Equal("1.1.1.1", flow.Destination.Address?.ToString());
        Assert.Equal(["one.one.one.one"], flow.Destination.DnsNames);
        Assert.Equal((FlowVerdict.Dropped, DropReasons.PolicyDenied), (flow.Verdict, flow.DropReason));
        Assert.Contains(flow.Source.Labels, l => l.Key == LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel);
    }

    [Fact]
    public async Task AuditVerdict_HasNoDropReason_AndIsNotAReply()
    {
        var flow = await SingleAsync("audit-policy-verdict-flux-source-controller.jsonl");

        Assert.Equal(FlowVerdict.Audit, flow.Verdict);
        Assert.Equal(0, flow.DropReason);
        Assert.False(flow.IsReply);
        Assert.Equal(FlowEventTypes.PolicyVerdict, flow.EventType);
    }

    [Fact]
    public async Task ReservedRemoteNodeSource_IsClassifiedByItsReservedLabel()
    {
        var flow = await SingleAsync("cilium-issue-18746-policy-verdict-dropped-legacy-json.jsonl");

        Assert.Equal(EndpointKind.RemoteNode, flow.Source.Kind);
        Assert.Equal(FlowDirection.Ingress, flow.Direction);
    }

    [Fact]
    public async Task IcmpFlows_CarryTheIcmpTypeWherePolicyMatchesIt()
    {
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("otel-icmpv4-trace-flows.jsonl")]);
        var flows = responses.Select(r => new FlowRecordMapper().Map(r.Flow)).ToList();

        Assert.All(flows, f => Assert.Equal(Protocol.ICMPv4, f.Protocol));
        Assert.Contains(flows, f => f.DestinationPort == 8);
        Assert.Contains(flows, f => f.Source.Kind == EndpointKind.Host);
    }

    [Fact]
    public async Task EndpointsWithoutLabelsOrIdentity_AreIncomplete_NotWorld()
    {
        // Cilium docs' flow-exporter sample: one drop with empty endpoints, one with namespace and pod name only.
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("cilium-docs-exporter-dropped.jsonl")]);
        var flows = responses.Select(r => new FlowRecordMapper().Map(r.Flow)).ToList();

        Assert.All(flows, f => Assert.True(f.IsIncomplete));
        Assert.All(flows, f => Assert.True(f.Source.IsIncomplete && f.Destination.IsIncomplete));
    }

    [Fact]
    public async Task EndpointsWithLabelsOrAReservedIdentity_AreComplete()
    {
        var labelled = await SingleAsync("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl");
        var world = await SingleAsync("cilium-pr-40519-policy-verdict-dropped-flow-only.jsonl");

        Assert.False(labelled.IsIncomplete);
        Assert.False(world.IsIncomplete);
    }

    [Fact]
    public async Task EveryFixtureFlow_Maps()
    {
        var responses = await HubbleFixtures.ReadAllFixturesAsync();
        var mapper = new FlowRecordMapper();

        var flows = responses.Where(r => r.Flow is not null).Select(r => mapper.Map(r.Flow)).ToList();

        Assert.True(flows.Count >= 90, $"only {flows.Count} flows");
        Assert.All(flows, f => Assert.NotNull(f.Source));
    }
}
