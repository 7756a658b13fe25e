using System.Diagnostics;
using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Process;

/// <summary>
/// The real executable as a separate process: SIGTERM (what Kubernetes sends) stops it cleanly, and the daemon
/// flushes its state on the way out.
/// </summary>
public sealed class SignalTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

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

    private static System.Diagnostics.Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "flowauditor.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return System.Diagnostics.Process.Start(info)!;
    }

    // Both streams: the CLI prints to stdout, the host's lifetime messages go to the console logger.
    private static async Task WaitForOutputAsync(System.Diagnostics.Process process, string text)
    {
        using var timeout = new CancellationTokenSource(Guard);
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(object sender, DataReceivedEventArgs e)
        {
            if (e.Data?.Contains(text, StringComparison.Ordinal) == true)
            {
                seen.TrySetResult();
            }
        }

        process.OutputDataReceived += Watch;
        process.ErrorDataReceived += Watch;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await seen.Task.WaitAsync(timeout.Token);
    }

    private static void Terminate(System.Diagnostics.Process process)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
