using System.Net;
using System.Net.Sockets;
using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Cli;

/// <summary>
/// Failures a user causes are one line naming the thing and the cause, with the command's documented exit code,
/// never a stack trace: a missing capture file, a port already in use, an address that is not one.
/// </summary>
public sealed class UserErrorTests
{
    [Theory]
    [InlineData("audit")]
    [InlineData("replay")]
    public async Task A_missing_capture_file_is_one_line_and_exit_1(string command)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"flowauditor-missing-{Guid.NewGuid():N}.jsonl");
        string[] args = command == "audit" ? ["audit", "--flows", missing, "--manifests", Example.Manifests] : ["replay", "--flows", missing, "--listen", "127.0.0.1:0"];

        var (code, _, stderr) = await CliRun.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Equal($"flowauditor {command}: '{missing}': no such file", Assert.Single(CliRun.Lines(stderr)));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("replay")]
    [InlineData("demo")]
    public async Task A_listen_port_in_use_is_one_line_and_exit_1(string command)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        string[] args = command switch
        {
            "run" => ["run", "--listen", address, "--policies-dir", Example.Manifests, "--hubble-address", "127.0.0.1:1"],
            "replay" => ["replay", "--listen", address, "--flows", Example.Capture],
            _ => ["demo", "--listen", address, "--example", Path.GetDirectoryName(Example.Capture)!],
        };

        var (code, _, stderr) = await CliRun.RunAsync(args);

        Assert.Equal(1, code);
        var line = Assert.Single(CliRun.Lines(stderr), l => l.Contains("already in use", StringComparison.Ordinal));
        Assert.EndsWith($"cannot listen on {address}: the address is already in use", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_listen_host_that_is_not_an_address_is_one_line()
    {
        var (code, _, stderr) = await CliRun.RunAsync("replay", "--listen", "999.1.1.1:5", "--flows", Example.Capture);

        Assert.Equal(1, code);
        Assert.Equal("flowauditor replay: Listen: '999.1.1.1' is not an IP address (listen on 127.0.0.1, 0.0.0.0 or ::)", Assert.Single(CliRun.Lines(stderr)));
    }
}
