using FlowAuditor.Core.Evaluation;
using FlowAuditor.Hubble.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon;

/// <summary>
/// Decides which Cilium the daemon's verdicts follow, and keeps it current: the version from <c>--cilium-version</c>,
/// else from Hubble's <c>ServerStatus.version</c> (re-read at every connect, so an agent upgrade is picked up), else
/// the default; the agent options from flags, else the cluster's <c>cilium-config</c>, else the version's defaults.
/// Logs what it uses whenever that changes.
/// </summary>
internal sealed partial class AgentOptionsService(
    DaemonOptions options, IAgentConfigSource configSource, HubbleClient hubble, AuditState state, TimeProvider time, ILogger<AgentOptionsService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var problems = new List<string>();
        var flags = options.ExplicitAgentOptions(problems);
        var config = await configSource.ReadAsync(stoppingToken).ConfigureAwait(false);
        foreach (var problem in config.Problems)
        {
            ConfigProblem(logger, problem);
        }

        var agent = config.Options.OverriddenBy(flags);
        var optionsSource = flags.IsEmpty ? config.Source : config.Found ? $"flags over {config.Source}" : $"flags ({config.Source})";
        string? applied = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var (version, versionSource) = Version();
            var evaluation = agent.ApplyTo(EvaluationOptions.ForVersion(version));
            var description = evaluation.Describe();
            if (description != applied)
            {
                state.UseEvaluation(evaluation);
                Using(logger, description, versionSource, optionsSource);
                applied = description;
            }

            if (options.CiliumVersion is not null)
            {
                return;
            }

            try
            {
                await Task.Delay(Recheck, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private (CiliumVersion Version, string Source) Version()
    {
        if (CiliumVersion.TryParse(options.CiliumVersion, out var flag))
        {
            return (flag, "--cilium-version");
        }

        var reported = hubble.LastServerStatus?.Version;
        if (CiliumVersion.TryParseServerStatus(reported, out var fromHubble))
        {
            return (fromHubble, $"Hubble ServerStatus '{reported}'");
        }

        return (CiliumVersion.Default, reported is null ? "default (no Hubble ServerStatus yet)" : $"default (Hubble reports '{reported}')");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deciding as {Options}; version from {VersionSource}; agent options from {OptionsSource}")]
    private static partial void Using(ILogger logger, string options, string versionSource, string optionsSource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent option ignored: {Problem}")]
    private static partial void ConfigProblem(ILogger logger, string problem);
}
