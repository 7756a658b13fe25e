using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FlowAuditor.Tests.Native;

/// <summary>
/// The native AOT executable, published once for the test run from this clone's sources, as the README's "Native
/// build" command publishes it. A publish that fails (no C toolchain, a trim error) fails every test that uses it,
/// with the publish's own error lines.
/// </summary>
public sealed class NativeBuild : IDisposable
{
    private static readonly TimeSpan PublishGuard = TimeSpan.FromMinutes(12);
    private readonly string _output = Path.Combine(Path.GetTempPath(), "flowauditor-native-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Task<string>> _executable;

    public NativeBuild() => _executable = new(PublishAsync);

    /// <summary>The published <c>flowauditor</c> binary.</summary>
    public Task<string> ExecutableAsync() => _executable.Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_output, recursive: true);
        }
        catch (IOException)
        {
            // Best effort, as the other scratch directories.
        }
    }

    private async Task<string> PublishAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "FlowAuditor", "FlowAuditor.csproj");
        var rid = RuntimeInformation.RuntimeIdentifier;
        var (code, stdout, stderr) = await NativeProcess.RunAsync(
            "dotnet", ["publish", project, "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", _output, "--nologo"], PublishGuard);
        var executable = Path.Combine(_output, "flowauditor");
        if (code != 0 || !File.Exists(executable))
        {
            var errors = (stdout + stderr).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(10);
            throw new InvalidOperationException($"native publish for {rid} failed (exit {code}):\n{string.Join('\n', errors)}");
        }

        return executable;
    }

    // The tests run from tests/FlowAuditor.Tests/bin/<configuration>/<framework>/ of the clone.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowAuditor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no FlowAuditor.sln above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class NativeBuildCollection : ICollectionFixture<NativeBuild>
{
    public const string Name = "native build";
}

/// <summary>Runs a process to its end, both streams read, killed at the guard.</summary>
internal static class NativeProcess
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan guard)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(guard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {guard}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
