using FlowAuditor.Tests.Support;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// Until stored state is back (it waits for the first full policy sync), the report says it is restoring rather
/// than looking like a daemon that saw nothing.
/// </summary>
public sealed class RestoringReportTests
{
    [Fact]
    public async Task While_the_restore_waits_for_policies_the_report_says_restoring()
    {
        using var scratch = new ScratchDirectory();
        // Nothing listens on port 1: the policy source never syncs, so stored state is never restored.
        await using var daemon = await RunningDaemon.StartAsync(new Dictionary<string, string?>
        {
            ["FlowAuditor:HubbleAddress"] = "127.0.0.1:1",
            ["FlowAuditor:Kubeconfig"] = KubeconfigFile.Write(scratch.Path, "http://127.0.0.1:1"),
            ["FlowAuditor:StateDir"] = scratch.File("state"),
        });

        var report = await daemon.ReportAsync();

        Assert.True(report.GetProperty("restoring").GetBoolean());
        Assert.Equal(0, report.GetProperty("summary").GetProperty("events").GetInt64());
        Assert.False(daemon.State.WhenRestored.IsCompleted);
    }
}
