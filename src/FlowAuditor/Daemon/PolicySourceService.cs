using FlowAuditor.Kubernetes.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Daemon;

/// <summary>
/// Runs the policy source (Kubernetes watchers or a manifests directory) and applies each new immutable snapshot to
/// the audit state; suggestions are recomputed on every policy change.
/// </summary>
internal sealed partial class PolicySourceService(IPolicySource source, AuditState state, Reports.SharedReport report, ILogger<PolicySourceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        source.SnapshotChanged += Apply;
        try
        {
            Apply(source.Current);
            await source.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            source.SnapshotChanged -= Apply;
        }
    }

    private void Apply(PolicySnapshot snapshot)
    {
        state.ApplyPolicies(snapshot.Policies, snapshot.Cluster, source.IsReady);
        foreach (var diagnostic in snapshot.Diagnostics.Where(d => d.Severity != Core.Diagnostics.Severity.Info))
        {
            PolicyDiagnostic(logger, diagnostic.ToString());
        }

        Applied(logger, snapshot.Revision, snapshot.Policies.Policies.Count, source.IsReady);
        report.Current();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy snapshot {Revision}: {Count} policies (source ready: {Ready})")]
    private static partial void Applied(ILogger logger, long revision, int count, bool ready);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Policy input: {Diagnostic}")]
    private static partial void PolicyDiagnostic(ILogger logger, string diagnostic);
}
