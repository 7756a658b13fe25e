using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Process;

/// <summary>
/// The real executable as a separate process: SIGTERM (what Kubernetes sends) stops it cleanly, and the daemon
/// flushes its state on the way out.
/// </summary>
public sealed class SignalTests
{
    private static readonly TimeSpan Guard = FlowAuditorProcess.Guard;

    [Fact]
    public async Task Replay_ExitsCleanlyOnSigterm()
    {
        using var replay = Start("replay", "--flows", Example.Capture, "--listen", "127.0.0.1:0");
        await WaitForOutputAsync(replay, "Replaying");

        Terminate(replay);

        Assert.True(replay.WaitForExit(Guard), "replay did not exit after SIGTERM");
        Assert.Equal(0, replay.ExitCode);
    }

    [Fact]
    public async Task Run_OnSigterm_FlushesStateAndExitsCleanly()
    {
        using var state = new TempDirectory();
        using var daemon = Start(
            "run", "--hubble-address", "127.0.0.1:1", "--policies-dir", Example.Manifests, "--listen", "127.0.0.1:0", "--state-dir", state.Path);
        await WaitForOutputAsync(daemon, "Application started");

        Terminate(daemon);

        Assert.True(daemon.WaitForExit(Guard), "run did not exit after SIGTERM");
        Assert.Equal(0, daemon.ExitCode);
        Assert.True(File.Exists(Path.Combine(state.Path, "flowauditor.db")));
    }

    private static System.Diagnostics.Process Start(params string[] args) => FlowAuditorProcess.Start(null, args);

    private static Task WaitForOutputAsync(System.Diagnostics.Process process, string text) => FlowAuditorProcess.WaitForOutputAsync(process, text);

    private static void Terminate(System.Diagnostics.Process process) => FlowAuditorProcess.Signal(process, "TERM");
}
