using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Manifests.Staging;

namespace FlowAuditor.Daemon.Staging;

/// <summary>
/// The staged changes the daemon measures: from <c>--staged-dir</c> and from StagedPolicy resources, each source
/// replacing its own part on every reload. Measured on demand (API, scrape) against the live audit state.
/// </summary>
internal sealed class StagedState(AuditState audit, DaemonOptions options)
{
    private StagedLoadResult _directory = StagedLoadResult.Empty;
    private StagedLoadResult _cluster = StagedLoadResult.Empty;

    /// <summary>
    /// False when <c>--verdict</c> asks Hubble for verdicts without FORWARDED: allowed traffic is then never seen,
    /// so nothing can be counted as would-deny.
    /// </summary>
    public bool ForwardedFlowsSeen { get; } = options.Verdicts.Count == 0
        || options.Verdicts.Any(v => string.Equals(v.Trim(), "FORWARDED", StringComparison.OrdinalIgnoreCase));

    public const string ForwardedFlowsMissing =
        "--verdict filters out FORWARDED flows: allowed traffic is never seen, so would-deny cannot be computed (it reads 0); would-allow is still measured";

    public IReadOnlyList<StagedChange> Changes => [.. Volatile.Read(ref _directory).Changes, .. Volatile.Read(ref _cluster).Changes];

    public IReadOnlyList<Diagnostic> Diagnostics => [.. Volatile.Read(ref _directory).Diagnostics, .. Volatile.Read(ref _cluster).Diagnostics];

    public void UseDirectory(StagedLoadResult staged) => Volatile.Write(ref _directory, staged ?? throw new ArgumentNullException(nameof(staged)));

    public void UseCluster(StagedLoadResult staged) => Volatile.Write(ref _cluster, staged ?? throw new ArgumentNullException(nameof(staged)));

    public StagedImpact Measure() => audit.MeasureStaged(Changes);
}
