using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Tests.Audit;
using FlowAuditor.Tests.Cli;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Process;

/// <summary>
/// No flow lost or counted twice across restarts. A replay server serves a finite capture at a steady pace; the daemon
/// (the real executable) starts after the first flows (it reads them from the ring), is stopped with SIGTERM, then
/// killed with SIGKILL, mid-stream, with flows arriving while it is down; each time it restarts on the same state
/// directory. Its final summary equals the offline <c>audit</c> of the same capture, event for event and attempt for
/// attempt.
/// </summary>
public sealed class ExactAccountingTests
{
    private const int Passes = 2;

    [Fact]
    public async Task Restarts_with_sigterm_and_sigkill_mid_stream_give_the_offline_audit_summary()
    {
        using var scratch = new ScratchDirectory();
        var capture = WriteCapture(scratch.File("capture.jsonl"));
        var expected = await OfflineSummaryAsync(capture);
        var records = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader().ReadAsync([capture]))
        {
            records.Add(record);
        }

        Assert.Equal(expected.GetProperty("events").GetInt32(), records.Count);
        await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", ManualRelease = true }, records);
        var hubble = await replay.StartAsync();
        var stateDir = scratch.File("state");
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        string[] run = ["run", "--hubble-address", hubble, "--policies-dir", Example.Manifests, "--state-dir", stateDir, "--listen", $"127.0.0.1:{port}"];
        var environment = new Dictionary<string, string> { ["FLOWAUDITOR__FLUSHINTERVALSECONDS"] = "0.2" };

        // The pace: 10 flows every 20 ms; the feeder holds at each gate until the test has restarted the daemon there.
        var gates = new[] { records.Count / 5, records.Count * 2 / 5, records.Count * 3 / 5, records.Count * 4 / 5 };
        var passed = gates.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stop = new CancellationTokenSource();
        var feeder = FeedAsync(replay, records.Count, gates, passed, stop.Token);

        await Eventually.Until(() => replay.Published >= gates[0], "the first flows are published before the daemon starts");
        using (var first = FlowAuditorProcess.Start(environment, run))
        {
            await FlowAuditorProcess.WaitForOutputAsync(first, "Application started");
            passed[0].SetResult();
            await EventsAtLeastAsync(http, gates[1] - 50);
            FlowAuditorProcess.Signal(first, "TERM");
            Assert.True(first.WaitForExit(FlowAuditorProcess.Guard), "run did not exit after SIGTERM");
            Assert.Equal(0, first.ExitCode);
        }

        // Flows keep arriving while it is down.
        passed[1].SetResult();
        await Eventually.Until(() => replay.Published >= gates[2], "flows are published while the daemon is down");
        using (var second = FlowAuditorProcess.Start(environment, run))
        {
            await FlowAuditorProcess.WaitForOutputAsync(second, "Application started");
            passed[2].SetResult();
            await EventsAtLeastAsync(http, gates[3] - 50);
            FlowAuditorProcess.Signal(second, "KILL");
            Assert.True(second.WaitForExit(FlowAuditorProcess.Guard), "run did not die on SIGKILL");
        }

        passed[3].SetResult();
        await feeder;
        using var third = FlowAuditorProcess.Start(environment, run);
        try
        {
            await FlowAuditorProcess.WaitForOutputAsync(third, "Application started");
            var summary = await EventsAtLeastAsync(http, records.Count);

            Assert.Equal(Counts(expected), Counts(summary));
        }
        finally
        {
            FlowAuditorProcess.Signal(third, "TERM");
            third.WaitForExit(FlowAuditorProcess.Guard);
            await stop.CancelAsync();
        }
    }

    /// <summary>
    /// The example capture, twice, each flow a connection attempt of its own (a new source port, a fresh uuid): how
    /// repeats fold inside the connection window is not what this test is about, whether each flow counts once is.
    /// </summary>
    private static string WriteCapture(string path)
    {
        var lines = File.ReadAllLines(Example.Capture);
        var times = lines.Select(l => DateTimeOffset.Parse(JsonNode.Parse(l)!["flow"]!["time"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        var span = times[^1] - times[0] + TimeSpan.FromSeconds(1);
        var output = new List<string>();
        var port = 10_000;
        for (var pass = 0; pass < Passes; pass++)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var line = JsonNode.Parse(lines[i])!;
                var flow = line["flow"]!;
                flow["uuid"] = Guid.NewGuid().ToString();
                flow["time"] = (times[i] + (span * pass)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                var l4 = flow["l4"]!.AsObject();
                l4.First().Value!["source_port"] = port++;
                output.Add(line.ToJsonString());
            }
        }

        File.WriteAllLines(path, output);
        return path;
    }

    private static async Task<JsonElement> OfflineSummaryAsync(string capture)
    {
        var (_, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", capture, "--manifests", Example.Manifests, "-o", "json");
        Assert.True(stdout.Length > 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        return report.RootElement.GetProperty("summary").Clone();
    }

    private static async Task FeedAsync(ReplayServer replay, int total, int[] gates, TaskCompletionSource[] passed, CancellationToken cancellationToken)
    {
        var released = 0;
        var gate = 0;
        while (released < total)
        {
            if (gate < gates.Length && released >= gates[gate])
            {
                await passed[gate].Task.WaitAsync(cancellationToken);
                gate++;
                continue;
            }

            var next = Math.Min(10, (gate < gates.Length ? gates[gate] : total) - released);
            replay.Release(next);
            released += next;
            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<JsonElement> EventsAtLeastAsync(HttpClient http, int events) =>
        await Eventually.Value(
            async () =>
            {
                try
                {
                    using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/report", UriKind.Relative)));
                    return document.RootElement.GetProperty("summary").Clone();
                }
                catch (HttpRequestException)
                {
                    return default;
                }
            },
            summary => summary.ValueKind == JsonValueKind.Object && summary.GetProperty("events").GetInt32() >= events,
            $"the daemon has counted {events} events");

    /// <summary>What both reports count: events, repeats and attempts by outcome.</summary>
    private static string Counts(JsonElement summary) =>
        $"events {summary.GetProperty("events")} repeated {summary.GetProperty("repeatedEvents")} connections {summary.GetProperty("connections")}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
