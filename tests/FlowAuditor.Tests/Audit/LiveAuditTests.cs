using System.Text.Json.Nodes;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Testing;
using FlowAuditor.Tests.Cli;
using FlowAuditor.Tests.Daemon;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Audit;

/// <summary>
/// `audit --server` reads a live Hubble server (our replay server over loopback gRPC, serving the example capture
/// with its own times) and gives the report `audit --flows` gives for the same capture, event for event, with
/// policies from manifests or from a Kubernetes API server (the in-process fake, through a kubeconfig file).
/// </summary>
public sealed class LiveAuditTests
{
    [Fact]
    public async Task Audit_of_a_live_server_equals_the_audit_of_its_capture_with_policies_from_manifests()
    {
        await using var replay = await StartReplayAsync();

        var offline = await AuditJsonAsync("--flows", Example.Capture, "--manifests", Example.Manifests);
        var live = await AuditJsonAsync("--server", replay.Address, "--manifests", Example.Manifests);

        Assert.Equal(ThreeTierExample.Records, live["summary"]!["captureLines"]!.GetValue<long>());
        Assert.NotEmpty(live["denied"]!.AsArray());
        Assert.Equal(offline.ToJsonString(), live.ToJsonString());
    }

    [Fact]
    public async Task Audit_of_a_live_server_with_policies_from_the_cluster_equals_the_audit_with_the_same_objects_as_manifests()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        using var scratch = new ScratchDirectory();
        // As manifests in the order the API source hands objects to the loader (kind, then namespace/name), so that
        // policies are also listed in the same order.
        var objects = ThreeTierExample.ApiObjects()
            .Select(o => (Json: o, Node: JsonNode.Parse(o)!))
            .OrderBy(o => (string?)o.Node["kind"] == "Namespace" ? 0 : 1)
            .ThenBy(o => $"{o.Node["metadata"]!["namespace"]}/{o.Node["metadata"]!["name"]}", StringComparer.Ordinal)
            .Select(o => o.Json)
            .ToList();
        var manifests = Directory.CreateDirectory(Path.Combine(scratch.Path, "objects")).FullName;
        for (var i = 0; i < objects.Count; i++)
        {
            api.Apply(objects[i]);
            await File.WriteAllTextAsync(Path.Combine(manifests, $"{i:00}.json"), objects[i]);
        }

        await using var replay = await StartReplayAsync();

        var offline = await AuditJsonAsync("--flows", Example.Capture, "--manifests", manifests);
        var live = await AuditJsonAsync("--server", replay.Address, "--kubeconfig", KubeconfigFile.Write(scratch.Path, api.Url));

        // Same policies and flows: the same report, but for the policy revisions the cluster source numbers itself.
        Assert.Equal(1, api.ListCount("NetworkPolicy"));
        Assert.Equal(1, api.ListCount("Pod"));
        Assert.Equal(Without(offline, "policyRevision"), Without(live, "policyRevision"));
        Assert.Equal(20, Assert.Single(live["denied"]!.AsArray(), e => (string?)e!["subject"] == "production/backend[Deployment]"
            && (string?)e["peer"] == "monitoring/prometheus-k8s[StatefulSet]")!["dropped"]!.GetValue<int>());
    }

    [Fact]
    public async Task Last_N_reads_only_the_newest_flows()
    {
        await using var replay = await StartReplayAsync();

        var live = await AuditJsonAsync("--server", replay.Address, "--manifests", Example.Manifests, "--last", "10");

        Assert.Equal(10, live["summary"]!["captureLines"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(new[] { "audit" }, "give --flows FILE... (captures) or --server ADDR")]
    [InlineData(new[] { "audit", "--flows", "x.jsonl" }, "--flows needs --manifests PATH...")]
    [InlineData(new[] { "audit", "--flows", "x.jsonl", "--server", "localhost:4245" }, "--flows and --server cannot be combined")]
    [InlineData(new[] { "audit", "--server", "localhost:4245", "--since", "yesterday" }, "failed to parse the since time")]
    public async Task Bad_combinations_are_usage_errors(string[] args, string message)
    {
        var (code, _, stderr) = await CliRun.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_one_clear_line()
    {
        using var scratch = new ScratchDirectory();
        await using var replay = await StartReplayAsync();

        var (code, _, stderr) = await CliRun.RunAsync("audit", "--server", replay.Address, "--kubeconfig", Path.Combine(scratch.Path, "missing"));

        Assert.Equal(1, code);
        Assert.Equal($"error: kubeconfig '{Path.Combine(scratch.Path, "missing")}': file not found", stderr.Trim());
    }

    [Fact]
    public async Task An_unreachable_cluster_is_reported_even_while_the_stream_it_opened_alongside_keeps_retrying_or_flowing()
    {
        // The cluster's error is the one reported, whether the Hubble server is down (retrying), serving without end
        // (a looping replay), or its options are bad too (a missing CA file).
        using var scratch = new ScratchDirectory();
        var missing = Path.Combine(scratch.Path, "missing");
        var looping = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, Loop = true }, await ThreeTierExample.RecordsAsync());
        await using var endless = new ReplayHandle(looping, await looping.StartAsync());

        string[][] hubbleArguments = [["--server", "127.0.0.1:1"], ["--server", endless.Address], ["--server", endless.Address, "--tls-ca-cert-files", Path.Combine(scratch.Path, "no-ca.pem")]];
        foreach (var hubble in hubbleArguments)
        {
            var (code, _, stderr) = await CliRun.RunAsync(["audit", .. hubble, "--kubeconfig", missing]);

            Assert.Equal(1, code);
            Assert.Equal($"error: kubeconfig '{missing}': file not found", stderr.Trim());
        }
    }

    private static async Task<ReplayHandle> StartReplayAsync()
    {
        var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", KeepTime = true, KeepUuids = true }, await ThreeTierExample.RecordsAsync());
        return new ReplayHandle(replay, await replay.StartAsync());
    }

    private static async Task<JsonNode> AuditJsonAsync(params string[] args)
    {
        var (code, stdout, stderr) = await CliRun.RunAsync(["audit", .. args, "-o", "json"]);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    // The revision is numbered by the source (a file load, or the cluster source's snapshots): at the top, in the
    // summary and on every row.
    private static string Without(JsonNode report, string field)
    {
        var copy = JsonNode.Parse(report.ToJsonString())!;
        copy.AsObject().Remove(field);
        copy["summary"]!.AsObject().Remove(field);
        foreach (var row in copy["denied"]!.AsArray())
        {
            row!.AsObject().Remove(field);
        }

        return copy.ToJsonString();
    }

    private sealed record ReplayHandle(ReplayServer Server, string Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
