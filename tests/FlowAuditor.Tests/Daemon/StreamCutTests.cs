using System.Net;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;
using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The Hubble connection is reset mid-stream (a TCP proxy in front of the replay server cuts it) while more flows
/// are published: the daemon reconnects, resumes, drops the overlap by uuid, and ends with exactly the counts of
/// an uninterrupted run — nothing lost, nothing counted twice.
/// </summary>
public sealed class StreamCutTests
{
    [Fact]
    public async Task After_a_cut_and_reconnect_every_flow_is_attributed_exactly_once()
    {
        await using var world = await ExampleEnvironment.StartAsync(manualRelease: true);
        var upstream = new Uri("http://" + world.HubbleAddress);
        await using var proxy = new CuttableTcpProxy(new IPEndPoint(IPAddress.Loopback, upstream.Port));
        await using var daemon = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:HubbleAddress", proxy.Address)));
        await daemon.WaitForPoliciesAsync();
        await daemon.WaitForStreamAsync();

        var first = 300;
        world.Replay.Release(first);
        await Eventually.Until(() => daemon.Progress.AttributedCount == first, "the first flows are attributed");
        Assert.Equal(0, (await daemon.ScrapeAsync()).Single("flowauditor_hubble_reconnects_total"));

        proxy.CutAll();
        world.Replay.Release(ThreeTierExample.Records - first);
        await Eventually.Until(() => daemon.Progress.AttributedCount == ThreeTierExample.Records, "the flows published during the outage are attributed");

        var metrics = await daemon.ScrapeAsync();
        Assert.Equal(ThreeTierExample.Records, daemon.Progress.Read);
        Assert.True(metrics.Single("flowauditor_hubble_reconnects_total") >= 1, "the stream reconnected");
        Assert.Equal(1, metrics.Single("flowauditor_hubble_stream_up"));
        Assert.Equal(ThreeTierExample.Records, metrics.Sum("flowauditor_flows_total"));
        Assert.Equal(20 + 4 + 2 + 5 + 10 + 6, metrics.Sum("flowauditor_denied_connections_total"));
        Assert.Equal(20, metrics.Sum("flowauditor_denied_connections_total", ("workload", "backend"), ("direction", "ingress")));
        Assert.Equal(0, metrics.Sum("flowauditor_unexplained_drops_total"));
        var report = await daemon.ReportAsync();
        Assert.Equal(ThreeTierExample.Records, report.GetProperty("summary").GetProperty("events").GetInt32());
    }
}
