using System.Text.Json;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Daemon.State;
using FlowAuditor.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The real daemon (<see cref="DaemonHost"/>) started in process on a free loopback port, with an HTTP client for its
/// API. Stopping it is graceful (the hosted services' shutdown path: stream closed, queue drained, state flushed).
/// </summary>
internal sealed class RunningDaemon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private RunningDaemon(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public AuditState State => _app.Services.GetRequiredService<AuditState>();

    public PipelineProgress Progress => _app.Services.GetRequiredService<PipelineProgress>();

    public static async Task<RunningDaemon> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["FlowAuditor:Listen"] = "127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",

            // These tests read right after they feed, so every read builds; sharing one build is SharedReportTests'.
            ["FlowAuditor:ReportMaxAgeSeconds"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = DaemonHost.Build(all, overrides);
        await app.StartAsync();
        return new RunningDaemon(app, DaemonHost.BoundAddress(app));
    }

    public async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> ReportAsync()
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/report", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"/api/v1/report: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the stream ended (Follow=false) and every flow read was attributed.</summary>
    public async Task DrainedAsync() => await Progress.WhenDrained.WaitAsync(TimeSpan.FromSeconds(30));

    public async Task WaitForPoliciesAsync() => await Eventually.Until(() => State.PoliciesReady, "the policy source is synced");

    /// <summary>
    /// Waits until the Hubble stream is open (its first message, the relay's node status, arrived). A following stream
    /// starts at "now", so flows a replay server publishes before that are history the daemon never asked for.
    /// </summary>
    public async Task WaitForStreamAsync()
    {
        var counters = _app.Services.GetRequiredService<FlowAuditor.Hubble.Client.HubbleClient>().Counters;
        await Eventually.Until(() => Progress.StreamConnected && counters.NodeStatusEvents > 0, "the Hubble stream is open");
    }

    public void Flush() => _app.Services.GetRequiredService<StateService>().Flush();

    /// <summary>Graceful stop: the host's shutdown (final flush included).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }
}
