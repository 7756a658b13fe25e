using System.Diagnostics;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// A program from Debian's <c>prometheus</c> package (<c>promtool</c>, <c>prometheus</c>), found on PATH. Missing is a
/// failure with the fix, never a skip: <c>.ci/test</c> installs the package when it is absent.
/// </summary>
internal static class DebianTool
{
    public static string Find(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"'{name}' is not installed: run the tests with .ci/test, which installs Debian's prometheus package when it is missing (or: apt-get install -y prometheus)");
        return found;
    }

    /// <summary>Runs <paramref name="name"/> to completion; returns its exit code and both output streams.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Find(name)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
