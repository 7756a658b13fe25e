using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Api.Peer;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>The services that make a replay server usable as a Cilium agent behind hubble-relay, over loopback gRPC.</summary>
public sealed class ReplayAgentServicesTests
{
    private static readonly List<GetFlowsResponse> Capture = AgentFlows.Records(
        [AgentFlows.Tcp("a", "10.0.0.1", 40000, "10.0.0.2", 80), AgentFlows.Tcp("b", "10.0.0.1", 40001, "10.0.0.2", 80)]);

    [Fact]
    public async Task Notify_announces_this_server_and_every_peer_then_keeps_the_stream_open()
    {
        var options = new ReplayServerOptions { Listen = "127.0.0.1:0", NodeName = "replay-a" };
        options.Peers.Add(ReplayPeer.Parse("replay-b=127.0.0.1:4300"));
        options.Peers.Add(ReplayPeer.Parse("prod/replay-c=10.1.2.3:4244,replay-c.prod.hubble-grpc.cilium.io"));
        var server = await ReplayHarness.StartAsync(Capture, options);
        using var channel = GrpcChannel.ForAddress("http://" + server.Address);
        var call = new Peer.PeerClient(channel).Notify(new NotifyRequest());

        var seen = new List<ChangeNotification>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext());
            seen.Add(call.ResponseStream.Current);
        }

        Assert.Equal(["replay-a", "replay-b", "prod/replay-c"], seen.Select(n => n.Name));
        Assert.Equal([server.Address, "127.0.0.1:4300", "10.1.2.3:4244"], seen.Select(n => n.Address));
        Assert.All(seen, n => Assert.Equal(ChangeNotificationType.PeerAdded, n.Type));
        Assert.Null(seen[0].Tls);
        Assert.Null(seen[1].Tls);
        Assert.Equal("replay-c.prod.hubble-grpc.cilium.io", seen[2].Tls.ServerName);

        // Still open: it ends only when the server stops, with an error relay retries.
        var next = call.ResponseStream.MoveNext();
        await server.DisposeAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(() => next);
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        call.Dispose();
    }

    [Fact]
    public async Task The_node_name_defaults_to_the_captures_and_a_tls_server_announces_the_agents_server_name()
    {
        using var certs = new TestCertificates();
        var capture = AgentFlows.Records([AgentFlows.Tcp("a", "10.0.0.1", 40000, "10.0.0.2", 80)]);
        capture[0].Flow.NodeName = capture[0].NodeName = "node.one";
        await using var server = await ReplayHarness.StartAsync(capture, new ReplayServerOptions
        {
            Listen = "127.0.0.1:0",
            TlsCertFile = certs.ServerCertFile,
            TlsKeyFile = certs.ServerKeyFile,
        });
        using var channel = FlowAuditor.Hubble.Client.HubbleChannelFactory.Create(new FlowAuditor.Hubble.Client.HubbleClientOptions
        {
            Address = "tls://" + server.Address,
            TlsCaFile = certs.CaFile,
            TlsServerName = TestCertificates.RelayServerName,
        }, null);
        using var call = new Peer.PeerClient(channel).Notify(new NotifyRequest());

        Assert.True(await call.ResponseStream.MoveNext());

        Assert.Equal("node.one", call.ResponseStream.Current.Name);
        Assert.Equal("node-one.default.hubble-grpc.cilium.io", call.ResponseStream.Current.Tls.ServerName);
    }

    [Fact]
    public async Task Health_answers_serving_for_the_server_and_the_observer_as_an_agent_does()
    {
        await using var server = await ReplayHarness.StartAsync(Capture);
        using var channel = GrpcChannel.ForAddress("http://" + server.Address);
        var health = new Health.HealthClient(channel);

        var whole = await health.CheckAsync(new HealthCheckRequest());
        var observer = await health.CheckAsync(new HealthCheckRequest { Service = "hubble.server.Observer" });
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "nope" }));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, whole.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, observer.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("nameonly")]
    [InlineData("=10.0.0.1:4244")]
    [InlineData("n=")]
    [InlineData("n=10.0.0.1:4244,")]
    public void A_malformed_peer_is_refused_with_the_expected_shape(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ReplayPeer.Parse(text));
        Assert.Contains("NAME=ADDR[,TLS_SERVER_NAME]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_named_twice_or_a_ring_size_the_agent_would_refuse_fails_validation()
    {
        var twice = new ReplayServerOptions { NodeName = "a" };
        twice.Peers.Add(new ReplayPeer("a", "10.0.0.1:4244", null));

        Assert.Contains("given twice", Assert.Throws<ArgumentException>(twice.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("power of two", Assert.Throws<ArgumentException>(new ReplayServerOptions { RingSize = 100 }.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("power of two", Assert.Throws<ArgumentException>(new ReplayServerOptions { RingSize = 131_071 }.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("needs Loop", Assert.Throws<ArgumentException>(new ReplayServerOptions { SameTuples = true }.Validate).Message, StringComparison.Ordinal);
    }
}
