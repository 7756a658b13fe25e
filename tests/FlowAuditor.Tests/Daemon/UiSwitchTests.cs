using FlowAuditor.Tests.Cli;

namespace FlowAuditor.Tests.Daemon;

/// <summary>The page at / is on by default, off with <c>--ui=false</c> (the JSON API stays), and the flag is validated.</summary>
public sealed class UiSwitchTests
{
    [Fact]
    public async Task Page_IsServedAtTheRoot_UnlessTurnedOff_AndTheApiStaysEitherWay()
    {
        await using var world = await ExampleEnvironment.StartAsync();
        await using (var on = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:Follow", "false"))))
        {
            using var page = await on.Http.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<table id=\"namespaces\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var off = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:Follow", "false"), ("FlowAuditor:Ui", "false")));
        Assert.Equal(404, (await off.GetAsync("/")).Status);
        Assert.Equal(200, (await off.GetAsync("/api/v1/report")).Status);
        Assert.Equal(200, (await off.GetAsync("/api/v1/denials-over-time")).Status);
    }

    [Fact]
    public async Task UiFlag_ThatIsNotABoolean_IsAUsageError()
    {
        var (code, _, stderr) = await CliRun.RunAsync("run", "--ui=maybe");

        Assert.Equal(Program.UsageError, code);
        Assert.Contains("maybe", stderr, StringComparison.Ordinal);
    }
}
