using System.Text.Json;
using System.Text.RegularExpressions;
using FlowAuditor.Tests.Audit;
using FlowAuditor.Tests.Cli;
using FlowAuditor.Tests.Daemon;
using OpenQA.Selenium;

namespace FlowAuditor.Tests.Ui;

/// <summary>
/// The rollout page in a real browser (headless Debian chromium): served by a real daemon on a looping replay stream,
/// it shows what the daemon's JSON API says and updates without a reload; <c>audit -o html</c> opened from a
/// file:// URL shows the same facts with no network at all. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed partial class RolloutPageTests(Browser browser) : IClassFixture<Browser>
{
    private const string Backend = "production/backend[Deployment]";

    [Fact]
    public async Task DaemonPage_ShowsTheNamespaces_TheDeniedBackendWithItsIsolatingPolicies_AndTheSuggestionsYaml()
    {
        await using var world = await ExampleEnvironment.StartAsync(configure: o => { o.Loop = true; o.Rate = 400; });
        await using var daemon = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:StagedDir", Path.Combine(ThreeTierExample.Directory, "staged"))));
        await daemon.WaitForPoliciesAsync();
        var onePass = (await ThreeTierExample.RecordsAsync()).Count;
        await Support.Eventually.Until(() => daemon.Progress.AttributedCount > onePass, "a first pass of the capture is attributed");

        browser.Open(new Uri(daemon.Http.BaseAddress!, "/?refresh-ms=500"));
        browser.Until(_ => browser.Rows("denied", Backend).Count > 0 && browser.Text("#suggestions pre").Length > 0, "the page shows the backend's denials and a suggestion");

        var (_, readinessBody) = await daemon.GetAsync("/api/v1/readiness");
        using var readiness = JsonDocument.Parse(readinessBody);
        foreach (var ns in readiness.RootElement.GetProperty("readiness").EnumerateArray())
        {
            var row = Assert.Single(browser.Rows("namespaces", ns.GetProperty("namespace").GetString()!));
            Assert.Equal(ns.GetProperty("ready").GetBoolean() ? "ready to enforce" : "not ready", row[1]);
        }

        Assert.Equal("not ready", Assert.Single(browser.Rows("namespaces", "production"))[1]);

        var report = await daemon.ReportAsync();
        var scrapes = report.GetProperty("denied").EnumerateArray().Single(e =>
            e.GetProperty("subject").GetString() == Backend && e.GetProperty("direction").GetString() == "ingress" && e.GetProperty("port").GetInt32() == 9090);
        var isolating = scrapes.GetProperty("isolatedBy").EnumerateArray().Select(p => p.GetProperty("policy").GetString()!).ToList();
        Assert.Contains("production/default-deny-all", isolating);
        var pageRow = Assert.Single(browser.Rows("denied", Backend), r => r[1] == "ingress" && r[3] == "TCP/9090");
        Assert.Equal("default-deny", pageRow[6]);
        Assert.All(isolating, policy => Assert.Contains(policy, pageRow[7], StringComparison.Ordinal));

        var (_, yaml) = await daemon.GetAsync("/api/v1/suggestions?format=networkpolicy");
        var firstSuggestion = yaml.Split("---\n")[0];
        var shown = browser.Text("#suggestions pre");
        Assert.All(Lines(firstSuggestion), line => Assert.Contains(line, shown, StringComparison.Ordinal));

        // Copy and download of a suggestion's YAML.
        var copy = browser.Driver.FindElement(By.CssSelector("#suggestions button"));
        copy.Click();
        browser.Until(_ => browser.Text("#suggestions button") == "Copied", "the copy button confirms");
        var download = browser.Driver.FindElement(By.CssSelector("#suggestions a[download]")).GetDomAttribute("download");
        Assert.Matches(@"^production\.[a-z0-9-]+\.yaml$", download);

        // The staged deletion of the example is listed with what it would deny.
        var staged = Assert.Single(browser.Rows("staged", "NetworkPolicy production/allow-frontend-egress"));
        Assert.Equal("delete", staged[1]);
        Assert.NotEqual("0", staged[2]);

        // Filters: audited traffic only (the backend's is dropped, the reporting pods' audited), then one namespace.
        LabelledControl("Verdict").FindElement(By.CssSelector("option[value='audit']")).Click();
        Assert.Empty(browser.Rows("denied", Backend));
        Assert.NotEmpty(browser.Rows("denied", "reporting/report-api[Deployment]"));
        LabelledControl("Namespace").FindElement(By.CssSelector("option[value='reporting']")).Click();
        Assert.Empty(browser.Rows("denied", Backend));
        Assert.Empty(browser.Rows("namespaces", "production"));
        Assert.Single(browser.Rows("namespaces", "reporting"));
        AssertNoConsoleErrors();
        browser.Screenshot("daemon-page-filtered");
    }

    [Fact]
    public async Task DaemonPage_ShowsNewDenialsLive_WithoutAReload()
    {
        await using var world = await ExampleEnvironment.StartAsync(configure: o => { o.Loop = true; o.Rate = 400; });
        // A tiny connection window: every replayed drop is a new attempt, so the counts keep growing as the stream loops.
        await using var daemon = await RunningDaemon.StartAsync(world.Settings(("FlowAuditor:ConnectionWindowSeconds", "0.001")));
        await daemon.WaitForPoliciesAsync();
        await Support.Eventually.Until(() => daemon.Progress.AttributedCount > 0, "the first flows are attributed");

        browser.Open(new Uri(daemon.Http.BaseAddress!, "/?refresh-ms=300"));
        browser.Until(_ => browser.Rows("denied", Backend).Count > 0, "the backend's denials are shown");
        browser.Script("window.loadedOnce = true;");
        var before = BackendDropped();

        browser.Until(_ => BackendDropped() > before, "a new denial of the backend shows up");
        Assert.Equal(true, browser.Script("return window.loadedOnce === true;"));
        var production = Assert.Single(browser.Rows("namespaces", "production"));
        Assert.Matches(@"^[1-9]\d* in the last hour$", production[3]);
        browser.Screenshot("daemon-page-live");
    }

    [Fact]
    public async Task AuditHtml_OpenedFromAFile_ShowsTheSameFactsOffline_WithNoExternalUrls()
    {
        string[] audit = ["audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--staged", Example.Staged];
        var (code, html, stderr) = await CliRun.RunAsync([.. audit, "-o", "html"]);
        Assert.True(code == 0, stderr);
        var (_, jsonText, _) = await CliRun.RunAsync([.. audit, "-o", "json"]);
        using var json = JsonDocument.Parse(jsonText);
        Assert.Empty(ExternalReference().Matches(html));

        Directory.CreateDirectory(Browser.ScreenshotDirectory);
        var file = Path.Combine(Browser.ScreenshotDirectory, "..", "audit-report.html");
        await File.WriteAllTextAsync(file, html);
        browser.Open(new Uri(Path.GetFullPath(file)));
        browser.Until(_ => browser.Rows("denied", Backend).Count > 0, "the offline report shows the backend's denials");

        foreach (var ns in json.RootElement.GetProperty("readiness").EnumerateArray())
        {
            var row = Assert.Single(browser.Rows("namespaces", ns.GetProperty("namespace").GetString()!));
            Assert.Equal(ns.GetProperty("ready").GetBoolean() ? "ready to enforce" : "not ready", row[1]);
            Assert.All(ns.GetProperty("reasons").EnumerateArray(), r => Assert.Contains(r.GetString()!, row[2], StringComparison.Ordinal));
        }

        var pageRow = Assert.Single(browser.Rows("denied", Backend), r => r[1] == "ingress" && r[3] == "TCP/9090");
        Assert.Contains("production/default-deny-all", pageRow[7], StringComparison.Ordinal);
        var suggestion = json.RootElement.GetProperty("suggestions")[0].GetProperty("yaml").GetString()!;
        Assert.All(Lines(suggestion), line => Assert.Contains(line, browser.Text("#suggestions pre"), StringComparison.Ordinal));

        // Nothing was fetched: the page loaded no resource at all beyond itself.
        Assert.Equal(0L, browser.Script("return performance.getEntriesByType('resource').length;"));
        AssertNoConsoleErrors();
        browser.Screenshot("audit-html-offline");
    }

    [Fact]
    public async Task AuditHtml_ListsDropsThePoliciesDoNotExplain()
    {
        // With a policy admitting the scrapes among the manifests, Hubble's drops of them are unexplained.
        using var scratch = new Support.ScratchDirectory();
        var admit = Path.Combine(scratch.Path, "allow-prometheus-to-backend.json");
        await File.WriteAllTextAsync(admit, PrometheusScrapes.AllowPolicy);
        string[] audit = ["audit", "--flows", Example.Capture, "--manifests", Example.Manifests, admit];
        var (_, html, stderr) = await CliRun.RunAsync([.. audit, "-o", "html"]);
        var (_, jsonText, _) = await CliRun.RunAsync([.. audit, "-o", "json"]);
        using var json = JsonDocument.Parse(jsonText);
        var expected = json.RootElement.GetProperty("denied").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == "unexplained");
        Assert.True(html.Length > 0, stderr);

        var file = Path.Combine(scratch.Path, "unexplained.html");
        await File.WriteAllTextAsync(file, html);
        browser.Open(new Uri(file));
        browser.Until(_ => browser.Rows("unexplained", Backend).Count > 0, "the unexplained drops are listed");

        var row = Assert.Single(browser.Rows("unexplained", Backend));
        Assert.Equal(("ingress", "TCP/9090", "unexplained"), (row[1], row[3], row[4]));
        Assert.Equal(expected.GetProperty("dropped").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), row[5]);
        Assert.DoesNotContain(browser.Rows("denied", Backend), r => r[1] == "ingress" && r[3] == "TCP/9090");
        AssertNoConsoleErrors();
    }

    private void AssertNoConsoleErrors() =>
        Assert.Equal(string.Empty, string.Join("\n", browser.Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message)));

    private IWebElement LabelledControl(string label)
    {
        var id = browser.Driver.FindElement(By.XPath($"//label[normalize-space(.)='{label}']")).GetDomAttribute("for") ?? throw new InvalidOperationException($"label '{label}' names no control");
        return browser.Driver.FindElement(By.Id(id));
    }

    private long BackendDropped() =>
        browser.Rows("denied", Backend).Where(r => r[1] == "ingress" && r[3] == "TCP/9090").Select(r => long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault();

    private static IEnumerable<string> Lines(string yaml) =>
        yaml.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [GeneratedRegex(@"(?:src|href|action)\s*=\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
