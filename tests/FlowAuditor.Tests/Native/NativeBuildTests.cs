using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Testing;
using FlowAuditor.Tests.Audit;
using FlowAuditor.Tests.Cli;
using FlowAuditor.Tests.Daemon;
using FlowAuditor.Tests.Process;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Native;

/// <summary>
/// The native AOT executable (README, "Native build") does what the JIT build does: the same bytes out for the
/// offline and live audits, their suggestions and observe, policies read from a cluster through a kubeconfig
/// (KubernetesClient's own loader cannot run there), and the daemon's metrics, report and suggestions. Each comparison runs the same
/// arguments through the in-process root command.
/// </summary>
[Collection(NativeBuildCollection.Name)]
public sealed class NativeBuildTests(NativeBuild native)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("json", "networkpolicy")]
    [InlineData("text", "cilium")]
    public async Task Offline_audit_prints_and_writes_what_the_jit_build_does(string output, string suggest)
    {
        using var scratch = new ScratchDirectory();
        string[] Args(string dir) => ["audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--staged", Example.Staged, "-o", output, "--suggest", suggest, "--out", dir];
        var nativeOut = Directory.CreateDirectory(scratch.File("native")).FullName;
        var jitOut = Directory.CreateDirectory(scratch.File("jit")).FullName;

        var actual = await RunNativeAsync(Args(nativeOut));
        var expected = await CliRun.RunAsync(Args(jitOut));

        Assert.Equal((0, expected.Stdout.Replace(jitOut, nativeOut, StringComparison.Ordinal)), (actual.Code, actual.Stdout));
        var written = Directory.GetFiles(jitOut).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(written);
        Assert.Equal(written, Directory.GetFiles(nativeOut).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in written)
        {
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(jitOut, name!)), await File.ReadAllTextAsync(Path.Combine(nativeOut, name!)));
        }
    }

    [Fact]
    public async Task Live_audit_with_policies_from_the_cluster_reports_what_the_jit_build_reports()
    {
        await using var api = await ExampleClusterAsync();
        await using var replay = await StartReplayAsync();
        using var scratch = new ScratchDirectory();
        string[] args = ["audit", "--server", replay.Address, "--kubeconfig", KubeconfigFile.Write(scratch.Path, api.Url), "-o", "json"];

        var actual = await RunNativeAsync(args);
        var expected = await CliRun.RunAsync(args);

        Assert.True(actual.Code == 0, actual.Stderr);
        Assert.Contains("\"denied\"", actual.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(2, api.ListCount("NetworkPolicy"));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("compact")]
    public async Task Observe_prints_what_the_jit_build_prints(string output)
    {
        await using var replay = await StartReplayAsync();
        string[] args = ["observe", "--server", replay.Address, "--last", "500", "-o", output];

        var actual = await RunNativeAsync(args);
        var expected = await CliRun.RunAsync(args);

        Assert.Equal((0, expected.Stdout), (actual.Code, actual.Stdout));
        Assert.Equal(500, CliRun.Lines(actual.Stdout).Length);
    }

    [Fact]
    public async Task A_kubeconfig_field_of_the_wrong_shape_is_one_line_naming_file_line_and_field()
    {
        using var scratch = new ScratchDirectory();
        var kubeconfig = scratch.Write("kubeconfig", "apiVersion: v1\nkind: Config\nclusters: {name: a}\n");

        var (code, stdout, stderr) = await RunNativeAsync(["audit", "--server", "127.0.0.1:1", "--kubeconfig", kubeconfig]);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"error: kubeconfig '{kubeconfig}': not valid YAML at line 3, column 11: clusters: expected a list", stderr.Trim());
    }

    [Fact]
    public async Task The_daemon_watches_the_cluster_and_serves_its_metrics_report_and_suggestions()
    {
        await using var api = await ExampleClusterAsync();
        await using var replay = await StartReplayAsync();
        using var scratch = new ScratchDirectory();
        var port = FreePort();
        using var daemon = await StartNativeAsync(
            "run", "--hubble-address", replay.Address, "--kubeconfig", KubeconfigFile.Write(scratch.Path, api.Url), "--listen", $"127.0.0.1:{port}",
            "--state-dir", scratch.Path);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.Value(async () => (await ScrapeAsync(http)).Sum("flowauditor_flows_total"), f => f == ThreeTierExample.Records, "the native daemon counted every flow of the capture");

            var metrics = await ScrapeAsync(http);
            Assert.Equal(1, metrics.Sum("flowauditor_policy_source_ready"));
            Assert.True(metrics.Sum("flowauditor_denied_connections_total") > 0, "no denied connections counted");
            Assert.True(api.WatchCount("NetworkPolicy") >= 1, "the daemon did not watch NetworkPolicies");
            var report = JsonNode.Parse(await http.GetStringAsync("/api/v1/report"))!;
            Assert.Equal(ThreeTierExample.Records, report["summary"]!["events"]!.GetValue<int>());
            Assert.StartsWith("# FlowAuditor suggestion", await http.GetStringAsync("/api/v1/suggestions"), StringComparison.Ordinal);
        }
        finally
        {
            FlowAuditorProcess.Signal(daemon, "TERM");
            Assert.True(daemon.WaitForExit(Guard), "the native daemon did not exit after SIGTERM");
        }

        Assert.Equal(0, daemon.ExitCode);
        Assert.True(File.Exists(Path.Combine(scratch.Path, "flowauditor.db")));
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunNativeAsync(string[] args) =>
        await NativeProcess.RunAsync(await native.ExecutableAsync(), args, Guard);

    private async Task<System.Diagnostics.Process> StartNativeAsync(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(await native.ExecutableAsync()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = System.Diagnostics.Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        try
        {
            return PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        }
        catch (HttpRequestException)
        {
            return PrometheusText.Parse(string.Empty); // Not listening yet.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The example's namespaces, pods and policies, as the API server would hold them.
    private static async Task<FakeKubeApiServer> ExampleClusterAsync()
    {
        var api = await FakeKubeApiServer.StartAsync();
        foreach (var o in ThreeTierExample.ApiObjects())
        {
            api.Apply(o);
        }

        return api;
    }

    private static async Task<ReplayHandle> StartReplayAsync()
    {
        var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true }, await ThreeTierExample.RecordsAsync());
        return new ReplayHandle(replay, await replay.StartAsync());
    }

    private sealed record ReplayHandle(ReplayServer Server, string Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
