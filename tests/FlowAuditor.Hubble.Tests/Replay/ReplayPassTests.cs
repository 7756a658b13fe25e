using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>What makes each server start and each loop pass new traffic: uuids and client ports.</summary>
public sealed class ReplayPassTests
{
    private static List<GetFlowsResponse> Capture() => AgentFlows.Records(
    [
        AgentFlows.Tcp("11111111-2222-4333-8444-555555555555", "10.0.0.1", 40000, "10.0.0.2", 8080),
        AgentFlows.Tcp("66666666-7777-4888-9999-aaaaaaaaaaaa", "10.0.0.2", 8080, "10.0.0.1", 40000, reply: true),
        AgentFlows.Udp("legacy-id", "10.0.0.1", 53000, "10.0.0.3", 53),
        AgentFlows.Tcp("", "10.0.0.1", 900, "10.0.0.2", 22),
    ]);

    [Fact]
    public async Task Every_start_serves_new_uuids_stable_while_it_runs_and_across_a_listener_restart()
    {
        var capture = Capture();
        var options = new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true };
        await using var first = await ReplayHarness.StartAsync(capture, options);
        await using var second = await ReplayHarness.StartAsync(capture, new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true });

        var a = await UuidsAsync(first.Address!, new GetFlowsRequest());
        var again = await UuidsAsync(first.Address!, new GetFlowsRequest());
        await first.StopAsync();
        await first.StartAsync();
        var restarted = await UuidsAsync(first.Address!, new GetFlowsRequest());
        var b = await UuidsAsync(second.Address!, new GetFlowsRequest());

        Assert.Equal(a, again);
        Assert.Equal(a, restarted);
        Assert.Empty(a.Take(3).Intersect(capture.Select(r => r.Flow.Uuid)));
        Assert.Empty(a.Take(3).Intersect(b));
        Assert.True(Guid.TryParse(a[0], out var guid) && guid.Version == 4 && (guid.Variant & 0xC) == 0x8, a[0]);
        Assert.StartsWith("legacy-id-", a[2], StringComparison.Ordinal);
        Assert.Equal("", a[3]);
    }

    [Fact]
    public async Task The_uuid_salt_is_injected_and_keep_uuids_serves_the_captured_ones_on_the_first_pass()
    {
        var capture = Capture();
        await using var seeded = await ReplayHarness.StartAsync(capture, new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, Random = new Random(7) });
        await using var sameSeed = await ReplayHarness.StartAsync(capture, new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, Random = new Random(7) });
        await using var kept = await ReplayHarness.StartAsync(capture, new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true });

        Assert.Equal(await UuidsAsync(seeded.Address!, new GetFlowsRequest()), await UuidsAsync(sameSeed.Address!, new GetFlowsRequest()));
        Assert.Equal(capture.Select(r => r.Flow.Uuid), await UuidsAsync(kept.Address!, new GetFlowsRequest()));
    }

    [Fact]
    public async Task Each_loop_pass_moves_the_client_port_so_its_connections_are_new()
    {
        await using var server = await ReplayHarness.StartAsync(Capture(), new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true, Loop = true });

        var flows = await FlowsAsync(server.Address!, new GetFlowsRequest { First = true, Number = 12 });
        var pass0 = flows.Take(4).ToList();
        var pass1 = flows.Skip(4).Take(4).ToList();
        var pass2 = flows.Skip(8).ToList();

        Assert.Equal((40000u, 8080u), Ports(pass0[0]));
        Assert.NotEqual(40000u, Ports(pass1[0]).Source);
        Assert.Equal(8080u, Ports(pass1[0]).Destination);
        // The reply of the same connection moves with it: its destination is the client.
        Assert.Equal((8080u, Ports(pass1[0]).Source), Ports(pass1[1]));
        Assert.Equal(53u, pass1[2].L4.UDP.DestinationPort);
        Assert.NotEqual(53000u, pass1[2].L4.UDP.SourcePort);
        Assert.Equal((900u, 22u), Ports(pass1[3]));
        Assert.NotEqual(Ports(pass1[0]).Source, Ports(pass2[0]).Source);
        Assert.Equal(12, flows.Select(f => f.Uuid).Where(u => u.Length > 0).Distinct().Count() + 3);

        // A port read from a later pass selects that pass's flow.
        var byPort = await FlowsAsync(server.Address!, new GetFlowsRequest { First = true, Number = 1, Whitelist = { new FlowFilter { SourcePort = { Ports(pass1[0]).Source.ToString(System.Globalization.CultureInfo.InvariantCulture) } } } });
        Assert.Equal(pass1[0].Uuid, byPort.Single().Uuid);
    }

    [Fact]
    public async Task Same_tuples_keeps_the_captured_ports_on_every_pass()
    {
        await using var server = await ReplayHarness.StartAsync(Capture(), new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, Loop = true, SameTuples = true });

        var flows = await FlowsAsync(server.Address!, new GetFlowsRequest { First = true, Number = 8 });

        Assert.Equal(flows.Take(4).Select(f => f.L4), flows.Skip(4).Select(f => f.L4));
        Assert.NotEqual(flows[0].Uuid, flows[4].Uuid);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_leaves_an_unpaced_loop_whose_flows_never_match_frees_the_server(bool follow)
    {
        // Such a loop never waits for new flows, so the scan only ends when the client goes away: it used to go on
        // on a thread-pool thread for ever after (a core busy until the server stopped).
        await using var server = await ReplayHarness.StartAsync(Capture(), new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, Loop = true });
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://" + server.Address);
        using var leave = new CancellationTokenSource();
        var request = new GetFlowsRequest { Follow = follow, Number = 20, Whitelist = { new FlowFilter { SourcePod = { "nothing-here/" } } } };
        using var call = new Observer.ObserverClient(channel).GetFlows(request, cancellationToken: leave.Token);
        var reading = call.ResponseStream.MoveNext(leave.Token);

        await ReplayHarness.WaitUntilAsync(() => server.OpenStreams == 1, "the stream to open");
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => reading);

        await ReplayHarness.WaitUntilAsync(() => server.OpenStreams == 0, "the server to end the stream its client left");
        var next = await FlowsAsync(server.Address!, new GetFlowsRequest { Number = 1, First = true });
        Assert.Single(next);
    }

    private static (uint Source, uint Destination) Ports(Flow flow) => (flow.L4.TCP.SourcePort, flow.L4.TCP.DestinationPort);

    private static async Task<List<string>> UuidsAsync(string address, GetFlowsRequest request) =>
        [.. (await FlowsAsync(address, request)).Select(f => f.Uuid)];

    private static Task<List<Flow>> FlowsAsync(string address, GetFlowsRequest request) => ReplayHarness.GetFlowMessagesAsync(address, request);
}
