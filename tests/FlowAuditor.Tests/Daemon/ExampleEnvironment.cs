using FlowAuditor.Hubble.Replay;
using FlowAuditor.Testing;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The example's world for a daemon: its Namespaces and NetworkPolicies in a fake Kubernetes API server (reached
/// through a kubeconfig file), its capture in a replay server, and a scratch directory.
/// </summary>
internal sealed class ExampleEnvironment : IAsyncDisposable
{
    private ExampleEnvironment(FakeKubeApiServer api, ReplayServer replay, string hubble, ScratchDirectory scratch)
    {
        Api = api;
        Replay = replay;
        HubbleAddress = hubble;
        Scratch = scratch;
        Kubeconfig = KubeconfigFile.Write(scratch.Path, api.Url);
    }

    public FakeKubeApiServer Api { get; }

    public ReplayServer Replay { get; }

    public string HubbleAddress { get; }

    public ScratchDirectory Scratch { get; }

    public string Kubeconfig { get; }

    /// <param name="manualRelease">Flows are served only when the test releases them.</param>
    /// <param name="loopRate">Serve the capture for ever at this many flows per second (fresh uuids and times each pass).</param>
    /// <param name="hubbleVersion">What the replay's ServerStatus reports as version (an agent's <c>cilium v1.18.3</c>).</param>
    /// <param name="configure">Changes the replay server's options further.</param>
    public static async Task<ExampleEnvironment> StartAsync(bool manualRelease = false, double? loopRate = null, string? hubbleVersion = null, Action<ReplayServerOptions>? configure = null)
    {
        var api = await FakeKubeApiServer.StartAsync();
        foreach (var obj in ThreeTierExample.ApiObjects())
        {
            api.Apply(obj);
        }

        var options = new ReplayServerOptions { Listen = "127.0.0.1:0", ManualRelease = manualRelease, Loop = loopRate is not null, Rate = loopRate, Version = hubbleVersion };
        configure?.Invoke(options);
        var replay = new ReplayServer(options, await ThreeTierExample.RecordsAsync());
        var hubble = await replay.StartAsync();
        return new ExampleEnvironment(api, replay, hubble, new ScratchDirectory());
    }

    /// <summary>Daemon settings for this world; <paramref name="extra"/> adds or overrides.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["FlowAuditor:HubbleAddress"] = HubbleAddress,
            ["FlowAuditor:Kubeconfig"] = Kubeconfig,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await Replay.DisposeAsync();
        await Api.DisposeAsync();
        Scratch.Dispose();
    }
}
