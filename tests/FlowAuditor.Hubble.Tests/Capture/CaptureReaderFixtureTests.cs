using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Capture;

public sealed class CaptureReaderFixtureTests
{
    [Theory]
    [MemberData(nameof(HubbleFixtures.FileNames), MemberType = typeof(HubbleFixtures))]
    public async Task Every_fixture_line_reads_without_a_diagnostic(string fileName)
    {
        var path = HubbleFixtures.PathOf(fileName);
        var reader = new CaptureReader();

        var responses = await HubbleFixtures.ReadAllAsync([path], reader);

        Assert.Empty(reader.Stats.Diagnostics);
        Assert.Equal(0, reader.Stats.Malformed);
        Assert.Equal(HubbleFixtures.CountLines(path), responses.Count);
        Assert.Equal(responses.Count, reader.Stats.Flows + reader.Stats.LostEvents);
    }

    [Fact]
    public async Task A_wrapped_line_keeps_the_flow_and_the_wrapper_fields()
    {
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl")]);

        var response = Assert.Single(responses);
        var flow = response.Flow;
        Assert.Equal("topgun/cilium-w1", response.NodeName);
        Assert.Equal(DateTimeOffset.Parse("2026-07-31T10:41:02Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), response.Time.Seconds);
        Assert.Equal(202450754, response.Time.Nanos);
        Assert.Equal("cd75b2ac-8dd3-486b-beca-3d17d9d56cff", flow.Uuid);
        Assert.Equal(Verdict.Dropped, flow.Verdict);
        Assert.Equal(DropReason.PolicyDeny, flow.DropReasonDesc);
        Assert.Equal(181u, flow.DropReason);
        Assert.Equal(1u, flow.PolicyMatchType);
        Assert.Equal(TrafficDirection.Egress, flow.TrafficDirection);
        Assert.Equal(5, flow.EventType.Type);
        Assert.Equal(80u, flow.L4.TCP.DestinationPort);
        Assert.True(flow.L4.TCP.Flags.SYN);
        Assert.Equal("topgun", flow.Source.ClusterName);
        Assert.Equal("traffic-generator", Assert.Single(flow.Source.Workloads).Name);
        var policy = Assert.Single(flow.EgressDeniedBy);
        Assert.Equal(("deny-tg-to-echo", "net-lab", "CiliumNetworkPolicy", 6ul), (policy.Name, policy.Namespace, policy.Kind, policy.Revision));
        Assert.Equal([""], flow.PolicyLog);
    }

    [Fact]
    public async Task A_legacy_bare_flow_is_wrapped_with_its_node_name_and_time()
    {
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("hubble-issue-641-trace-forwarded-legacy-json.jsonl")]);

        var response = Assert.Single(responses);
        Assert.Equal("dev-controlplain1", response.NodeName);
        Assert.Equal(response.Flow.Time, response.Time);
        Assert.Equal(TraceObservationPoint.ToEndpoint, response.Flow.TraceObservationPoint);
        Assert.True(response.Flow.IsReply);
        Assert.True(response.Flow.Reply);
        Assert.Equal("lxcddb869735f50", response.Flow.Interface.Name);
    }

    [Fact]
    public async Task Lost_event_lines_become_lost_events_responses()
    {
        var reader = new CaptureReader();
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("shape-lost-events-cli-printer-test.jsonl")], reader);

        Assert.Equal(3, reader.Stats.LostEvents);
        Assert.All(responses, r => Assert.Equal(LostEventSource.HubbleRingBuffer, r.LostEvents.Source));
        Assert.All(responses, r => Assert.Equal(1ul, r.LostEvents.NumEventsLost));
        Assert.All(responses, r => Assert.Equal(5, r.LostEvents.Cpu));
        Assert.Equal("node-name", responses[1].NodeName);
        Assert.NotNull(responses[2].LostEvents.First);
        Assert.NotNull(responses[2].LostEvents.Last);
    }

    [Fact]
    public async Task A_projection_with_only_allowed_by_keys_reads_as_a_small_flow()
    {
        var responses = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("projection-allowed-by-isovalent-plugin-readme.jsonl")]);

        Assert.Equal(2, responses.Count);
        Assert.Equal("tiefighter-egress-policy", Assert.Single(responses[0].Flow.EgressAllowedBy).Name);
        Assert.Empty(responses[0].Flow.IngressAllowedBy);
        Assert.Equal("deathstar-api-protection", Assert.Single(responses[1].Flow.IngressAllowedBy).Name);
        Assert.Equal(7ul, responses[1].Flow.IngressAllowedBy[0].Revision);
    }
}
