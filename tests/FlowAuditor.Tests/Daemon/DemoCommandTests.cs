using FlowAuditor.Tests.Audit;
using FlowAuditor.Tests.Cli;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// <c>flowauditor demo</c>: the example served by the replay server and consumed by the daemon pipeline over loopback
/// gRPC reaches the same conclusions as the offline audit of the same capture.
/// </summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_StreamsTheExampleOverGrpc_AndReportsWhatTheOfflineAuditReports()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("demo", "--example", Example.Directory, "--listen", "127.0.0.1:0");

        Assert.True(code == 0, stderr);
        Assert.Contains("Streamed 566 flows over gRPC, attributed 566.", stdout, StringComparison.Ordinal);
        Assert.Contains("ingress from monitoring/prometheus-k8s[StatefulSet] TCP/9090: 20 dropped [default-deny]", stdout, StringComparison.Ordinal);
        Assert.Contains("egress to kube-system/coredns[Deployment] UDP/53: 5 audited [default-deny]", stdout, StringComparison.Ordinal);
        Assert.Contains("11 allowed, 0 still denied -> PASS", stdout, StringComparison.Ordinal);
        Assert.Contains("name: flowauditor-allow-backend-ingress", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithoutTheExample_SaysWhereToRunIt()
    {
        using var empty = new TempDirectory();

        var (code, _, stderr) = await CliRun.RunAsync("demo", "--example", empty.Path, "--listen", "127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains("run from the repository root, or pass --example", stderr, StringComparison.Ordinal);
    }
}
