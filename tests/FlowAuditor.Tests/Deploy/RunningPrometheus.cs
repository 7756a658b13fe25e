using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// Debian's Prometheus as a child process: its own config (one scrape job on the daemon, every second), a temporary
/// TSDB, a free loopback port. Target labels are what the ServiceMonitor's relabelling adds in a cluster, scraped with
/// honor_labels as the ServiceMonitor does (FlowAuditor's own <c>namespace</c> label wins).
/// </summary>
internal sealed class RunningPrometheus : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly ScratchDirectory _scratch;

    private RunningPrometheus(System.Diagnostics.Process process, ScratchDirectory scratch, Uri address)
    {
        _process = process;
        _scratch = scratch;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public static async Task<RunningPrometheus> StartAsync(Uri target, AlertRules rules)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rules);
        var binary = DebianTool.Find("prometheus");
        var scratch = new ScratchDirectory();
        rules.WriteRuleFile(Path.Combine(scratch.Path, "rules.yaml"));
        var config = Path.Combine(scratch.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rules.yaml]
            scrape_configs:
            - job_name: flowauditor
              honor_labels: true
              static_configs:
              - targets: ['{{target.Authority}}']
                labels: {namespace: kube-system, pod: flowauditor-test, kubernetes_node: node-a}
            """);

        var port = FreePort();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = scratch.Path };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(scratch.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = System.Diagnostics.Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => log.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var prometheus = new RunningPrometheus(process, scratch, new Uri($"http://127.0.0.1:{port}"));
        await Eventually.Until(
            async () =>
            {
                Assert.False(process.HasExited, $"prometheus exited with {(process.HasExited ? process.ExitCode : 0)}:\n{log}");
                try
                {
                    using var ready = await prometheus.Http.GetAsync(new Uri("/-/ready", UriKind.Relative));
                    return ready.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "Prometheus is ready");
        return prometheus;
    }

    /// <summary>An instant query; the API's status and error text, and the result vector.</summary>
    public async Task<(bool Success, string Error, IReadOnlyList<JsonElement> Result)> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(promql)}", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return (false, root.TryGetProperty("error", out var error) ? error.GetString() ?? "?" : "?", []);
        }

        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        return (true, string.Empty, result.ValueKind == JsonValueKind.Array ? [.. result.EnumerateArray().Select(r => r.Clone())] : [result.Clone()]);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _scratch.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
