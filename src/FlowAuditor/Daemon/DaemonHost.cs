using FlowAuditor.Daemon.Http;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Daemon.Pipeline;
using FlowAuditor.Daemon.Staging;
using FlowAuditor.Daemon.State;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Kubernetes.Watching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowAuditor.Daemon;

/// <summary>
/// Builds the daemon: options (appsettings.json &lt; environment &lt; flags), the pipeline
/// (Hubble client → bounded queue → attribution → aggregation), the policy source, durable state, and the HTTP
/// surface (metrics and API) on one port. Used by <c>run</c>, <c>demo</c> and the end-to-end tests.
/// </summary>
internal static class DaemonHost
{
    public static WebApplication Build(IReadOnlyDictionary<string, string?> flagSettings, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(flagSettings);
        builder.Logging.ClearProviders();

        // Every scrape and gRPC call at Information would drown FlowAuditor's own log; Logging:LogLevel overrides.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        var listen = builder.Configuration[$"{DaemonOptions.Section}:{nameof(DaemonOptions.Listen)}"] ?? new DaemonOptions().Listen;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (ListenAddress.TryParse(listen, out var endpoint))
            {
                Hubble.Replay.ListenProbe.ThrowIfInUse(endpoint);
                kestrel.Listen(endpoint);
            }
        });

        var services = builder.Services;
        services.AddOptions<DaemonOptions>().Bind(builder.Configuration.GetSection(DaemonOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DaemonOptions>, DaemonOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DaemonOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DaemonMetrics(sp.GetRequiredService<DaemonOptions>().MetricLabelCap));
        services.AddSingleton<AuditState>();
        services.AddSingleton<FlowQueue>();
        services.AddSingleton<PipelineProgress>();
        services.AddSingleton<MetricsRefresher>();
        services.AddSingleton(sp => new HubbleClient(
            HubbleSettings.From(sp.GetRequiredService<DaemonOptions>()),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IPolicySource>(sp => PolicySources.Create(
            sp.GetRequiredService<DaemonOptions>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));

        // Stopped in reverse order: the stream closes first, the queue drains, then state is flushed.
        services.TryAddSingleton<StateStoreOpener>(ObservationStore.Open);
        services.AddSingleton<StateService>();
        services.AddHostedService(sp => sp.GetRequiredService<StateService>());
        services.AddHostedService<PolicySourceService>();
        services.TryAddSingleton(sp => AgentConfigSources.Create(sp.GetRequiredService<DaemonOptions>()));
        services.AddHostedService<AgentOptionsService>();
        services.AddHostedService<SuggestionRefreshService>();
        services.AddHostedService<AttributionService>();
        services.AddHostedService<FlowIngestService>();
        services.AddSingleton<StagedState>();
        services.AddSingleton<StagedMetrics>();
        services.AddSingleton<RolloutReadinessView>();
        services.AddSingleton<ReportMetrics>();
        services.AddSingleton<Reports.SharedReport>();
        services.AddHostedService<StagedSourceService>();
        overrides?.Invoke(services);

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<DaemonMetrics>();
        app.Services.GetRequiredService<MetricsRefresher>().Register();
        ApiEndpoints.Map(app, metrics);
        app.Services.GetRequiredService<StagedMetrics>().Register();
        StagedEndpoints.Map(app);
        ReadinessEndpoints.Map(app);
        UiEndpoints.Map(app);
        return app;
    }

    /// <summary>The address Kestrel bound (useful with port 0).</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
    }
}
