using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>GetFlowsRequest.field_mask as an agent applies it: only the listed Flow fields are set.</summary>
public sealed class ReplayFieldMaskTests
{
    private static Flow Sample()
    {
        var flow = AgentFlows.Tcp("m1", "10.0.0.1", 40000, "10.0.0.2", 80);
        flow.Source = AgentFlows.Pod("shop", "web-1", "k8s:app=web");
        flow.Destination = AgentFlows.Pod("shop", "api-1", "k8s:app=api");
        flow.Summary = "TCP Flags: SYN";
        return flow;
    }

    [Fact]
    public async Task Only_the_masked_fields_are_set_and_nested_paths_keep_only_their_leaf()
    {
        var records = AgentFlows.Records([Sample()]);
        await using var server = await ReplayHarness.StartAsync(records);

        var flow = (await ReadAsync(server.Address!, new FieldMask { Paths = { "verdict", "source.pod_name", "l4", "uuid" } })).Single();

        var expected = new Flow
        {
            Verdict = Verdict.Forwarded,
            Source = new Endpoint { PodName = "web-1" },
            L4 = records[0].Flow.L4.Clone(),
            Uuid = "m1",
        };
        Assert.Equal(expected, flow);
    }

    [Fact]
    public async Task The_hubble_cli_default_mask_keeps_time_and_drops_what_it_does_not_list()
    {
        var records = AgentFlows.Records([Sample()]);
        await using var server = await ReplayHarness.StartAsync(records);
        // hubble/pkg/defaults: the mask `hubble observe` sends for compact and table output.
        var mask = new FieldMask { Paths = { "time", "verdict", "ethernet", "IP", "l4", "source.identity", "source.namespace", "source.pod_name", "destination.identity", "destination.namespace", "destination.pod_name", "Type", "node_name", "l7", "event_type", "source_service", "destination_service", "is_reply", "Summary" } };

        var flow = (await ReadAsync(server.Address!, mask)).Single();

        Assert.Equal(records[0].Flow.Time, flow.Time);
        Assert.Equal("", flow.Uuid);
        Assert.Empty(flow.Source.Labels);
        Assert.Equal("web-1", flow.Source.PodName);
        Assert.Equal(records[0].Flow.Source.Identity, flow.Source.Identity);
        Assert.Equal("TCP Flags: SYN", flow.Summary);
        Assert.Equal(records[0].Flow.IP, flow.IP);
    }

    [Fact]
    public async Task A_mask_without_paths_leaves_flows_whole_and_an_unknown_path_is_refused()
    {
        var records = AgentFlows.Records([Sample()]);
        await using var server = await ReplayHarness.StartAsync(records);

        var whole = (await ReadAsync(server.Address!, new FieldMask())).Single();
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(server.Address!, new FieldMask { Paths = { "source.pod" } }));

        Assert.Equal(records[0].Flow, whole);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("source.pod", ex.Status.Detail, StringComparison.Ordinal);
    }

    private static Task<List<Flow>> ReadAsync(string address, FieldMask mask) =>
        ReplayHarness.GetFlowMessagesAsync(address, new GetFlowsRequest { FieldMask = mask });
}
