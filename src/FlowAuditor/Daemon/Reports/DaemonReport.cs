using FlowAuditor.Reporting;

namespace FlowAuditor.Daemon.Reports;

/// <summary>
/// One build of the daemon's report: the typed model every reader shares, and its JSON rendered once, on first
/// request, for all <c>/api/v1/report</c> readers of this build.
/// </summary>
internal sealed class DaemonReport
{
    private readonly Lazy<byte[]> _json;

    public DaemonReport(ReportModel model, long generation, long builtAt, ReportBuildStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Generation = generation;
        BuiltAt = builtAt;
        _json = new Lazy<byte[]>(() => stats.Render(() =>
        {
            using var buffer = new MemoryStream();
            AuditJsonReport.Write(buffer, model);
            return buffer.ToArray();
        }), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ReportModel Model { get; }

    /// <summary>The <see cref="AuditState.ReportGeneration"/> it was built at: a policy or restore change since makes it stale.</summary>
    public long Generation { get; }

    /// <summary>Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the build's start.</summary>
    public long BuiltAt { get; }

    /// <summary>The <c>/api/v1/report</c> body (docs/report.md).</summary>
    public byte[] Json => _json.Value;
}
