using FlowAuditor.Hubble.Replay;
using FlowAuditor.Tests.Cli;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// <c>run --verdict DROPPED --verdict AUDIT</c>: Hubble filters server-side, so only denials cross the wire, and they
/// are attributed exactly as without the filter.
/// </summary>
public sealed class ServerSideVerdictFilterTests
{
    [Fact]
    public async Task VerdictFilter_OnlyDeniedFlowsArrive_AndTheyAttributeAsWithoutIt()
    {
        await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0" }, await ThreeTierExample.RecordsAsync());
        var hubble = await replay.StartAsync();
        await using var daemon = await RunningDaemon.StartAsync(new Dictionary<string, string?>
        {
            ["FlowAuditor:HubbleAddress"] = hubble,
            ["FlowAuditor:PoliciesDir"] = ThreeTierExample.Manifests,
            ["FlowAuditor:Follow"] = "false",
            ["FlowAuditor:Verdicts:0"] = "DROPPED",
            ["FlowAuditor:Verdicts:1"] = "audit",
        });

        await daemon.DrainedAsync();
        var metrics = await daemon.ScrapeAsync();

        Assert.Equal(0, metrics.Sum("flowauditor_flows_total", ("verdict", "forwarded")));
        Assert.Equal(ThreeTierExample.Dropped + ThreeTierExample.Audited, metrics.Sum("flowauditor_flows_total"));
        Assert.Equal(20, metrics.Sum("flowauditor_denied_connections_total", ("namespace", "production"), ("workload", "backend"), ("direction", "ingress")));
        Assert.Equal(10, metrics.Sum("flowauditor_denied_connections_total", ("workload", "report-api"), ("verdict", "audit")));
    }

    [Fact]
    public async Task UnknownVerdictName_IsAnInvalidConfiguration()
    {
        var (code, _, stderr) = await CliRun.RunAsync("run", "--verdict", "DENIED", "--policies-dir", ThreeTierExample.Manifests, "--hubble-address", "127.0.0.1:1");

        Assert.Equal(2, code);
        Assert.Contains("'DENIED' is not a Hubble verdict", stderr, StringComparison.Ordinal);
    }
}
