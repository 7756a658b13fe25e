using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace FlowAuditor.Tests.Ui;

/// <summary>
/// One headless Debian chromium, driven through chromium-driver, shared by a test class (xunit class fixture).
/// Missing browser binaries fail the tests with the command that installs them: never a silent skip.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("flowauditor-chromium-").FullName;
    private readonly ChromeDriver? _driver;
    private readonly string? _missing;

    public Browser()
    {
        var missing = new[] { Chromium, ChromeDriver }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            _missing = $"browser tests need {string.Join(" and ", missing)}: run .ci/install-browser (apt-get install -y chromium chromium-driver)";
            return;
        }

        var options = new ChromeOptions { BinaryLocation = Chromium };
        // Console errors (script failures, blocked requests) are read by the tests.
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1600", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public IWebDriver Driver => _driver ?? throw new InvalidOperationException(_missing);

    /// <summary>Where screenshots go: TestResults/screenshots under the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Opens <paramref name="url"/>; the console log read afterwards starts here (the browser is shared).</summary>
    public void Open(Uri url)
    {
        // Leave the previous page first: its polling may still have a request in flight to a daemon a finished test
        // stopped, and that request's failure must land in the log being drained, not in this page's.
        Driver.Navigate().GoToUrl("about:blank");
        _ = Driver.Manage().Logs.GetLog(LogType.Browser);
        Driver.Navigate().GoToUrl(url);
    }

    /// <summary>Waits (generous guard, not a timing assertion) until <paramref name="condition"/> holds on the page.</summary>
    public void Until(Func<IWebDriver, bool> condition, string what)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = $"waiting until {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Until(condition);
    }

    /// <summary>The rendered text of the first element matching <paramref name="css"/> (read in one script: the page re-renders as it polls).</summary>
    public string Text(string css) => (string)Script("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css)!;

    /// <summary>
    /// The cells of every body row whose first cell (th scope=row) reads <paramref name="rowHeader"/>. Read in one
    /// script, so a re-render between reads cannot leave a stale element.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows(string tableId, string rowHeader)
    {
        var rows = (IEnumerable<object>)Script(
            "return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')].filter(r => r.querySelector('th[scope=row]')).map(r => [...r.children].map(c => c.innerText.trim()));",
            tableId)!;
        return rows.Select(r => (IReadOnlyList<string>)((IEnumerable<object>)r).Select(c => (string)c).ToList())
            .Where(r => r[0] == rowHeader)
            .ToList();
    }

    public object? Script(string script, params object[] args) => ((IJavaScriptExecutor)Driver).ExecuteScript(script, args);

    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        _driver?.Quit();
        _driver?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be letting go of its profile; a temp directory left behind is harmless.
        }
    }
}
