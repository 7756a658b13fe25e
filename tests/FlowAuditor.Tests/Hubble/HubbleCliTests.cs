using System.CommandLine;
using System.Text;
using FlowAuditor.Cli;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Tests.Hubble;

/// <summary>`flowauditor replay` and `flowauditor observe` run in-process against each other over a unix socket.</summary>
public sealed class HubbleCliTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fa-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public HubbleCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Observe_json_output_reads_back_through_the_capture_reader_unchanged()
    {
        var expected = await ReadAsync(CliFixtures.All);
        await using var replay = await Replay.StartAsync(_dir, CliFixtures.All);

        var (code, stdout, stderr) = await RunAsync("observe", "--server", replay.Address, "--last", "1000", "-o", "json");

        Assert.Equal(0, code);
        Assert.Contains("NodeConnected", stderr, StringComparison.Ordinal);
        var reread = await ReadAsync(stdout);
        Assert.Equal(expected.Where(r => r.Flow is not null).Select(r => r.Flow), reread.Where(r => r.Flow is not null).Select(r => r.Flow));
        Assert.Equal(expected.Where(r => r.LostEvents is not null).Select(r => r.LostEvents), reread.Where(r => r.LostEvents is not null).Select(r => r.LostEvents));
        Assert.Equal(0, await replay.StopAsync());
    }

    [Fact]
    public async Task Observe_compact_prints_hubble_style_lines_for_the_requested_verdict()
    {
        var expected = (await ReadAsync(CliFixtures.All)).Count(r => r.Flow?.Verdict == Verdict.Dropped);
        await using var replay = await Replay.StartAsync(_dir, CliFixtures.All);

        var (code, stdout, _) = await RunAsync("observe", "--server", replay.Address, "--last", "1000", "--verdict", "DROPPED");

        Assert.Equal(0, code);
        var all = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var lines = all.Where(l => !l.StartsWith("EVENTS LOST:", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, lines.Count);
        Assert.Equal(3, all.Length - lines.Count);   // lost events are never filtered, as on an agent
        Assert.Contains(lines, l => l.Contains(
            "net-lab/traffic-generator-9b649846d-bxqfc:60524 (ID:24753) <> net-lab/echo-server-65887564dc-jjw7k:80 (ID:24075) policy-verdict:L3-Only EGRESS DENIED (TCP Flags: SYN)",
            StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("Policy denied DROPPED", StringComparison.Ordinal) || l.Contains("policy-verdict:none INGRESS DENIED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observe_sends_hubbles_filters_and_prints_exactly_the_matching_flows()
    {
        // Filter fields the replay server implements today: namespace/pod prefixes, event type, verdict, direction.
        var expected = (await ReadAsync(CliFixtures.All))
            .Where(r => r.Flow is { } f && (f.Source?.Namespace == "net-lab" || f.Destination?.Namespace == "net-lab")
                && f.EventType?.Type == 5 && f.Verdict == Verdict.Dropped && f.TrafficDirection == TrafficDirection.Egress)
            .Select(r => FlowPrinter.Compact(r.Flow, printNodeName: true))
            .ToList();
        Assert.NotEmpty(expected);
        await using var replay = await Replay.StartAsync(_dir, CliFixtures.All);

        var (code, stdout, stderr) = await RunAsync("observe", "--server", replay.Address, "--all", "--namespace", "net-lab",
            "--type", "policy-verdict", "--verdict", "DROPPED", "--traffic-direction", "egress", "--print-node-name");

        Assert.True(code == 0, stderr);
        Assert.Equal(expected, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("EVENTS LOST:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Observe_table_of_a_capture_is_its_golden_table()
    {
        var capture = CliFixtures.PathOf("otel-l7-dns-5-flows.jsonl");
        await using var replay = await Replay.StartAsync(_dir, [capture]);

        var (code, stdout, stderr) = await RunAsync("observe", "--server", replay.Address, "--all", "-o", "table");

        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hubble", "Golden", "otel-l7-dns-5-flows.table.txt")), stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_follower_sees_each_flow_while_the_stream_waits_for_more()
    {
        // Output is buffered, but written out whenever the next flow is not there yet: a follower must not wait for
        // 64 KiB of flows. The finite capture is all sent at once; then the stream stays open, waiting.
        var capture = CliFixtures.PathOf("otel-l7-dns-5-flows.jsonl");
        var expected = (await ReadAsync([capture])).Where(r => r.Flow is not null).Select(r => FlowPrinter.Compact(r.Flow, printNodeName: false)).ToList();
        await using var replay = await Replay.StartAsync(_dir, [capture]);
        var stdout = new LockedWriter();
        using var stop = new CancellationTokenSource(Guard);
        var run = Root().Parse(["observe", "--server", replay.Address, "--follow", "--since", "2000-01-01T00:00:00Z"])
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = TextWriter.Null }, stop.Token);

        while (stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < expected.Count && !run.IsCompleted)
        {
            await Task.Delay(20, stop.Token);
        }

        var printedWhileFollowing = stdout.Text;
        Assert.False(run.IsCompleted, "observe --follow ended on its own");
        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Equal(expected, printedWhileFollowing.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Table_output_cannot_follow_as_in_hubble()
    {
        var (code, _, stderr) = await RunAsync("observe", "-o", "table", "--follow");

        Assert.Equal(2, code);
        Assert.Contains("table output format is not compatible with follow mode", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_names_malformed_lines_and_strict_mode_refuses_them()
    {
        var capture = Path.Combine(_dir, "bad.jsonl");
        var good = await File.ReadAllTextAsync(CliFixtures.PathOf("policy-deny-181-egress-denied-by-cilium-1.18.3.jsonl"));
        await File.WriteAllTextAsync(capture, good.TrimEnd() + "\n{\"flow\":{\"verdict\":\n");

        var (code, _, stderr) = await RunAsync("replay", "--flows", capture, "--listen", "unix:" + Path.Combine(_dir, "s.sock"), "--strict");

        Assert.Equal(1, code);
        Assert.Contains($"{capture}:2:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_reports_an_unreachable_server_and_fails()
    {
        var (code, _, stderr) = await RunAsync("observe", "--server", "unix://" + Path.Combine(_dir, "nobody.sock"));

        Assert.Equal(1, code);
        Assert.Contains("failed 3 times in a row", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_verdict_is_a_usage_error()
    {
        var (code, _, stderr) = await RunAsync("observe", "--verdict", "MAYBE");

        Assert.Equal(2, code);
        Assert.Contains("invalid --verdict value: MAYBE", stderr, StringComparison.Ordinal);
    }

    private static RootCommand Root()
    {
        var root = new RootCommand();
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ObserveCommand.Create());
        return root;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var guard = new CancellationTokenSource(Guard);
        var code = await Root().Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, guard.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<List<GetFlowsResponse>> ReadAsync(string[] paths)
    {
        var list = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader(new CaptureReaderOptions { Strict = true }).ReadAsync(paths))
        {
            list.Add(record);
        }

        return list;
    }

    private static async Task<List<GetFlowsResponse>> ReadAsync(string text)
    {
        var list = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader(new CaptureReaderOptions { Strict = true }).ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "observe-output"))
        {
            list.Add(record);
        }

        return list;
    }

    /// <summary>`flowauditor replay` running in the background on a unix socket until stopped.</summary>
    private sealed class Replay : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task<int>? _run;

        public string Address { get; private set; } = "";

        public static async Task<Replay> StartAsync(string dir, string[] captures)
        {
            var socket = Path.Combine(dir, "hubble.sock");
            var replay = new Replay { Address = "unix://" + socket };
            string[] args = ["replay", "--flows", .. captures, "--listen", "unix:" + socket, "--keep-time", "--keep-uuids"];
            replay._run = Root().Parse(args).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, replay._stop.Token);
            using var guard = new CancellationTokenSource(Guard);
            while (!File.Exists(socket))
            {
                Assert.False(replay._run.IsCompleted, "replay exited early");
                await Task.Delay(20, guard.Token);
            }

            return replay;
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await _run!;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }
    }

    /// <summary>A writer the test can read while observe writes to it from another thread.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                base.Write(buffer.Span);
            }

            return Task.CompletedTask;
        }
    }
}
