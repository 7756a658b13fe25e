using System.CommandLine;
using FlowAuditor.Cli;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Api.Peer;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Tests.Hubble;

/// <summary>`flowauditor replay`'s agent options refuse bad values with one line naming them, before serving anything.</summary>
public sealed class ReplayCommandTests
{
    [Theory]
    [InlineData("--peer", "node-b", "peer 'node-b': expected NAME=ADDR[,TLS_SERVER_NAME]")]
    [InlineData("--ring-size", "4096", "RingSize must be one less than a power of two and at most 65535 (got 4096)")]
    [InlineData("--same-tuples", null, "SameTuples needs Loop")]
    public async Task A_bad_agent_option_is_one_error_line_and_exit_code_1(string option, string? value, string message)
    {
        var stderr = new StringWriter();
        string[] args = ["replay", "--flows", CliFixtures.PathOf("otel-trace-10-flows.jsonl"), "--listen", "127.0.0.1:0", option, .. value is null ? Array.Empty<string>() : [value]];
        var root = new RootCommand { Subcommands = { ReplayCommand.Create() } };

        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = stderr });

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("flowauditor replay: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_announces_its_node_name_and_peers_and_without_node_status_starts_streams_with_a_flow()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fa-replay-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var socket = Path.Combine(dir, "hubble.sock");
        using var stop = new CancellationTokenSource();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var root = new RootCommand { Subcommands = { ReplayCommand.Create() } };
        string[] args = ["replay", "--flows", CliFixtures.PathOf("otel-trace-10-flows.jsonl"), "--listen", "unix:" + socket, "--node-name", "node-a", "--no-node-status", "--peer", "node-b=10.0.0.2:4244", "node-c=10.0.0.3:4244,node-c.default.hubble-grpc.cilium.io"];
        var run = root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, stop.Token);
        try
        {
            while (!File.Exists(socket))
            {
                Assert.False(run.IsCompleted, "replay exited early");
                await Task.Delay(20, guard.Token);
            }

            using var channel = HubbleChannelFactory.Create(new HubbleClientOptions { Address = "unix://" + socket }, null);
            using var notify = new Peer.PeerClient(channel).Notify(new NotifyRequest(), cancellationToken: guard.Token);
            var peers = new List<ChangeNotification>();
            while (peers.Count < 3 && await notify.ResponseStream.MoveNext(guard.Token))
            {
                peers.Add(notify.ResponseStream.Current);
            }

            using var flows = new Observer.ObserverClient(channel).GetFlows(new GetFlowsRequest { Number = 1 }, cancellationToken: guard.Token);
            Assert.True(await flows.ResponseStream.MoveNext(guard.Token));

            Assert.Equal(["node-a", "node-b", "node-c"], peers.Select(p => p.Name));
            Assert.Equal("unix://" + socket, peers[0].Address);
            Assert.Equal("node-c.default.hubble-grpc.cilium.io", peers[2].Tls.ServerName);
            Assert.NotNull(flows.ResponseStream.Current.Flow);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
            Directory.Delete(dir, recursive: true);
        }
    }
}
