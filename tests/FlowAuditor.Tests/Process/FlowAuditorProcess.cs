using System.Diagnostics;
using System.Globalization;

namespace FlowAuditor.Tests.Process;

/// <summary>The real <c>flowauditor</c> executable as a separate process, with the signals Kubernetes and operators send.</summary>
internal static class FlowAuditorProcess
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static System.Diagnostics.Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "flowauditor.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return System.Diagnostics.Process.Start(info)!;
    }

    // Both streams: the CLI prints to stdout, the host's lifetime messages go to the console logger.
    public static async Task WaitForOutputAsync(System.Diagnostics.Process process, string text)
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

    /// <summary>Sends a signal by name (<c>TERM</c>, <c>KILL</c>) with kill(1).</summary>
    public static void Signal(System.Diagnostics.Process process, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
