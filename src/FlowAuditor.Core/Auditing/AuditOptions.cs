namespace FlowAuditor.Core.Auditing;

public sealed record AuditOptions
{
    /// <summary>Events of one connection attempt (policy verdict + drop, retransmitted SYNs) within this window count once.</summary>
    public TimeSpan ConnectionWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on aggregated keys; beyond it connections are counted as overflow.</summary>
    public int MaxAggregates { get; init; } = 50_000;

    /// <summary>Bound on distinct observed denied connections kept for verification replay.</summary>
    public int MaxReplayItems { get; init; } = 100_000;
}
