using System.Net;
using System.Net.Sockets;
using FlowAuditor.Cli;
using FlowAuditor.Tests.Cli;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// <c>flowauditor run</c> with bad configuration, through the real CLI: each problem is one clear message; fatal ones
/// exit non-zero at start (1: unusable state directory or kubeconfig; 2: invalid options, every problem listed), and
/// an unreachable Hubble is transient: the daemon stays up, not ready, retrying.
/// </summary>
public sealed class BadConfigurationTests
{
    private static readonly string Manifests = ThreeTierExample.Manifests;

    [Fact]
    public async Task A_state_dir_that_cannot_be_created_exits_1_naming_the_directory()
    {
        using var scratch = new ScratchDirectory();
        var blocker = scratch.Write("not-a-directory", "a regular file");
        var stateDir = Path.Combine(blocker, "state");

        var (code, stdout, stderr) = await CliRun.RunAsync("run", "--state-dir", stateDir, "--policies-dir", Manifests, "--hubble-address", "127.0.0.1:1", "--listen", "127.0.0.1:0");

        Assert.Equal(RunCommand.Fatal, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(CliRun.Lines(stderr));
        Assert.StartsWith($"flowauditor: cannot use state directory '{stateDir}'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusters: [unclosed\n  - : {\n", "not valid YAML at line ")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n", "Cannot infer server host url")]
    public async Task An_unusable_kubeconfig_exits_1_naming_the_file_and_the_problem(string content, string problem)
    {
        using var scratch = new ScratchDirectory();
        var kubeconfig = scratch.Write("kubeconfig", content);

        var (code, _, stderr) = await CliRun.RunAsync("run", "--kubeconfig", kubeconfig, "--hubble-address", "127.0.0.1:1", "--listen", "127.0.0.1:0");

        Assert.Equal(RunCommand.Fatal, code);
        var line = Assert.Single(CliRun.Lines(stderr));
        Assert.True(line.StartsWith($"flowauditor: kubeconfig '{kubeconfig}': {problem}", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_invalid_configuration_exit_2()
    {
        using var scratch = new ScratchDirectory();
        var kubeconfig = scratch.File("no-such-kubeconfig");

        var (code, _, stderr) = await CliRun.RunAsync("run", "--kubeconfig", kubeconfig, "--hubble-address", "127.0.0.1:1", "--listen", "127.0.0.1:0");

        Assert.Equal(RunCommand.InvalidConfiguration, code);
        Assert.Equal(
            ["flowauditor: invalid configuration:", $"  - --kubeconfig: file '{kubeconfig}' does not exist"],
            CliRun.Lines(stderr));
    }

    [Fact]
    public async Task Invalid_options_exit_2_listing_every_problem()
    {
        using var scratch = new ScratchDirectory();
        var certificate = scratch.Write("client.crt", "not checked before the key is given");

        var (code, stdout, stderr) = await CliRun.RunAsync(
            "run", "--listen", "not-an-address", "--tls-client-cert-file", certificate, "--policies-dir", scratch.File("missing-dir"), "--hubble-address", "127.0.0.1:1",
            "--staged-dir", scratch.File("missing-staged"));

        Assert.True(RunCommand.InvalidConfiguration == code, $"exit {code}: {stderr}");
        Assert.Equal("", stdout);
        var lines = CliRun.Lines(stderr);
        Assert.Equal("flowauditor: invalid configuration:", lines[0]);
        Assert.Contains("  - --tls-client-cert-file and --tls-client-key-file go together (mTLS needs both)", lines);
        Assert.Contains($"  - --policies-dir: directory '{scratch.File("missing-dir")}' does not exist", lines);
        Assert.Contains("  - --listen: 'not-an-address' is not host:port", lines);
        Assert.Contains($"  - --staged-dir: directory '{scratch.File("missing-staged")}' does not exist", lines);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("  - ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_Hubble_is_transient_the_daemon_stays_up_not_ready_and_stops_cleanly()
    {
        var closedPort = FreePort();
        var listen = $"127.0.0.1:{FreePort()}";
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(
            new Dictionary<string, string?>
            {
                ["FlowAuditor:HubbleAddress"] = $"127.0.0.1:{closedPort}",
                ["FlowAuditor:PoliciesDir"] = Manifests,
                ["FlowAuditor:Listen"] = listen,
                ["Logging:LogLevel:Default"] = "None",
            },
            error,
            stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://{listen}"), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.Until(async () => await Status(http, "/healthz") == HttpStatusCode.OK || run.IsCompleted, "the daemon serves /healthz");
        Assert.False(run.IsCompleted, $"the daemon exited: {error}");
        await Eventually.Until(async () => (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("flowauditor_policy_source_ready 1", StringComparison.Ordinal), "policies are loaded");

        using (var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("policies: ready\nhubble: not connected\n", await ready.Content.ReadAsStringAsync());
        }

        var metrics = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(0, metrics.Single("flowauditor_hubble_stream_up"));
        Assert.False(run.IsCompleted);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("", error.ToString());
    }

    private static async Task<HttpStatusCode?> Status(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    // A free port below the ephemeral range (Linux: 32768-60999), so no daemon or server that other tests start on
    // port 0 can be handed it by the OS between this check and its use.
    private static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }
}
