using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>Every fixture line: capture reader → replay server → real gRPC → client, compared message by message.</summary>
public sealed class LoopbackRoundTripTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("unix")]
    [InlineData("tls")]
    [InlineData("mtls")]
    public async Task Every_fixture_flow_arrives_as_the_identical_message(string transport)
    {
        var records = await HubbleFixtures.ReadAllFixturesAsync();
        using var certs = new TestCertificates();
        using var dir = new TempDirectory();
        var tls = transport is "tls" or "mtls";
        var serverOptions = new ReplayServerOptions
        {
            Listen = transport == "unix" ? "unix:" + dir.File("hubble.sock") : "127.0.0.1:0",
            KeepTime = true,
            KeepUuids = true,
            TlsCertFile = tls ? certs.ServerCertFile : null,
            TlsKeyFile = tls ? certs.ServerKeyFile : null,
            ClientCaFile = transport == "mtls" ? certs.CaFile : null,
        };
        await using var server = await ReplayHarness.StartAsync(records, serverOptions);

        var clientOptions = new HubbleClientOptions
        {
            Address = server.Address!,
            TlsCaFile = tls ? certs.CaFile : null,
            TlsServerName = tls ? TestCertificates.RelayServerName : null,
            TlsClientCertFile = transport == "mtls" ? certs.ClientCertFile : null,
            TlsClientKeyFile = transport == "mtls" ? certs.ClientKeyFile : null,
        };
        var events = await ReplayHarness.ReadAllAsync(clientOptions);

        var expectedFlows = records.Where(r => r.Flow is not null).ToList();
        Assert.Equal(expectedFlows.Select(r => r.Flow), events.Flows());
        Assert.Equal(expectedFlows.Select(r => r.NodeName), events.OfType<FlowEvent>().Select(e => e.NodeName));
        Assert.Equal(records.Where(r => r.LostEvents is not null).Select(r => r.LostEvents), events.OfType<LostEventsEvent>().Select(e => e.LostEvent));
        var status = Assert.Single(events.OfType<NodeStatusChange>()).Status;
        Assert.Equal(NodeState.NodeConnected, status.StateChange);
        Assert.Contains("topgun/cilium-w1", status.NodeNames);
    }

    [Fact]
    public async Task A_client_without_the_cilium_ca_is_refused()
    {
        using var certs = new TestCertificates();
        await using var server = await StartTlsAsync(certs, mtls: false);

        var ex = await Assert.ThrowsAsync<HubbleUnavailableException>(() => ReplayHarness.ReadAllAsync(new HubbleClientOptions
        {
            Address = server.Address!,
            TlsCaFile = certs.OtherCaFile,
            TlsServerName = TestCertificates.RelayServerName,
        }));
        Assert.Contains("SSL", ex.InnerException!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_server_name_outside_the_relay_wildcard_is_refused()
    {
        using var certs = new TestCertificates();
        await using var server = await StartTlsAsync(certs, mtls: false);

        await Assert.ThrowsAsync<HubbleUnavailableException>(() => ReplayHarness.ReadAllAsync(new HubbleClientOptions
        {
            Address = server.Address!,
            TlsCaFile = certs.CaFile,
            TlsServerName = "relay.example.com",
        }));
    }

    [Fact]
    public async Task Mtls_refuses_a_client_certificate_from_another_ca_and_one_without_a_certificate()
    {
        using var certs = new TestCertificates();
        await using var server = await StartTlsAsync(certs, mtls: true);

        await AssertRefusedAsync(server, certs, certs.OtherClientCertFile, certs.OtherClientKeyFile);
        await AssertRefusedAsync(server, certs, clientCert: null, clientKey: null);
    }

    private static Task AssertRefusedAsync(ReplayServer server, TestCertificates certs, string? clientCert, string? clientKey) =>
        Assert.ThrowsAsync<HubbleUnavailableException>(() => ReplayHarness.ReadAllAsync(new HubbleClientOptions
        {
            Address = server.Address!,
            TlsCaFile = certs.CaFile,
            TlsServerName = TestCertificates.RelayServerName,
            TlsClientCertFile = clientCert,
            TlsClientKeyFile = clientKey,
        }));

    private static async Task<ReplayServer> StartTlsAsync(TestCertificates certs, bool mtls)
    {
        var records = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("otel-trace-10-flows.jsonl")]);
        return await ReplayHarness.StartAsync(records, new ReplayServerOptions
        {
            Listen = "127.0.0.1:0",
            TlsCertFile = certs.ServerCertFile,
            TlsKeyFile = certs.ServerKeyFile,
            ClientCaFile = mtls ? certs.CaFile : null,
        });
    }
}
