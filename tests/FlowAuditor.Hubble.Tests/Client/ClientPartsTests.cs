using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using Grpc.Core;

namespace FlowAuditor.Hubble.Tests.Client;

public sealed class ClientPartsTests
{
    [Theory]
    [InlineData(0, 0.5, 1000)]
    [InlineData(1, 0.5, 2000)]
    [InlineData(3, 0.5, 8000)]
    [InlineData(10, 0.5, 30000)]
    [InlineData(2, 0.0, 3200)]
    [InlineData(2, 1.0, 4800)]
    public void Backoff_grows_exponentially_is_capped_and_jittered(int attempt, double random, double expectedMs)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2, 0.2, () => random);

        Assert.Equal(expectedMs, backoff.Delay(attempt).TotalMilliseconds, precision: 6);
    }

    // grpc-dotnet#1214: a call cancelled while the HTTP/2 stream is being torn down fails with Unavailable
    // ("Error reading next message. IOException: The request was aborted."), not Cancelled.
    [Theory]
    [InlineData(StatusCode.Unavailable, "Error reading next message. IOException: The request was aborted.")]
    [InlineData(StatusCode.Cancelled, "Call canceled by the client.")]
    [InlineData(StatusCode.Internal, "Error starting gRPC call.")]
    public void A_read_failing_after_our_token_is_cancelled_is_that_cancellation(StatusCode status, string detail)
    {
        var failure = new RpcException(new Status(status, detail));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.True(OwnCancellation.Caused(failure, cancelled.Token));
        Assert.True(OwnCancellation.Caused(new IOException("The request was aborted."), cancelled.Token));
        Assert.False(OwnCancellation.Caused(failure, CancellationToken.None));   // a live stream's failure is the stream's
        Assert.False(OwnCancellation.Caused(new InvalidOperationException("a bug"), cancelled.Token));
    }

    [Fact]
    public void Recent_keys_are_found_only_after_a_resume_and_forget_the_oldest_beyond_capacity()
    {
        var keys = new RecentFlowKeys(3);
        var ids = Enumerable.Range(1, 5).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();

        keys.Record(ids[0]);
        Assert.False(keys.DeliveredBeforeResume(ids[0]));   // no resume yet: nothing can be sent again

        keys.Record(ids[1]);
        keys.Record(ids[2]);
        keys.Record(ids[3]);   // forgets ids[0]
        keys.Resuming();

        Assert.Equal(3, keys.Count);
        Assert.False(keys.DeliveredBeforeResume(ids[0]));
        Assert.True(keys.DeliveredBeforeResume(ids[1]));
        Assert.True(keys.DeliveredBeforeResume(ids[3]));

        keys.Record(ids[4]);   // delivered after the resume: the next resume's business
        Assert.False(keys.DeliveredBeforeResume(ids[4]));
        keys.Resuming();
        Assert.True(keys.DeliveredBeforeResume(ids[4]));
        Assert.False(keys.DeliveredBeforeResume(ids[1]));
    }

    [Fact]
    public void A_flow_key_is_its_uuid_or_else_a_hash_of_its_content()
    {
        var uuid = Guid.NewGuid();
        var withUuid = new Flow { Uuid = uuid.ToString() };
        var a = new Flow { NodeName = "n1", Summary = "TCP Flags: SYN" };
        var b = new Flow { NodeName = "n1", Summary = "TCP Flags: ACK" };

        Assert.Equal(uuid, FlowKey.Of(withUuid));
        Assert.Equal(FlowKey.Of(a), FlowKey.Of(a.Clone()));
        Assert.NotEqual(FlowKey.Of(a), FlowKey.Of(b));
        Assert.Equal(FlowKey.Of(new Flow { Uuid = "not-a-guid" }), FlowKey.Of(new Flow { Uuid = "not-a-guid", Summary = "x" }));
    }

    [Theory]
    [InlineData("unix:///var/run/cilium/hubble.sock", null, 0, "/var/run/cilium/hubble.sock", null)]
    [InlineData("unix:relative.sock", null, 0, "relative.sock", null)]
    [InlineData("localhost:4245", "localhost", 4245, null, null)]
    [InlineData("hubble-relay.kube-system.svc", "hubble-relay.kube-system.svc", 4245, null, null)]
    [InlineData("tls://hubble-relay:443", "hubble-relay", 443, null, true)]
    [InlineData("http://10.0.0.1:80", "10.0.0.1", 80, null, false)]
    [InlineData("[::1]:4245", "::1", 4245, null, null)]
    public void Addresses_parse_for_every_deployment_mode(string text, string? host, int port, string? socket, bool? tls)
    {
        var address = HubbleAddress.Parse(text);

        Assert.Equal((host, port, socket, tls), (address.Host, address.Port, address.SocketPath, address.TlsFromScheme));
    }

    [Theory]
    [InlineData("Address")]
    [InlineData("TlsClientKeyFile")]
    [InlineData("First")]
    [InlineData("BackoffJitter")]
    [InlineData("DedupCapacity")]
    [InlineData("TlsCaFile")]
    [InlineData("Tls")]
    public void Options_validation_names_the_bad_option(string option)
    {
        var options = new HubbleClientOptions { Address = "localhost:4245" };
        switch (option)
        {
            case "Address": options.Address = "host:notaport"; break;
            case "TlsClientKeyFile": options.TlsClientCertFile = typeof(ClientPartsTests).Assembly.Location; break;
            case "First": options.First = true; break;
            case "BackoffJitter": options.BackoffJitter = 1.5; break;
            case "DedupCapacity": options.DedupCapacity = 0; break;
            case "TlsCaFile": options.TlsCaFile = "/nonexistent/ca.crt"; break;
            case "Tls": options.Address = "unix:///var/run/cilium/hubble.sock"; options.Tls = true; break;
        }

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(option, ex.ParamName);
    }
}
