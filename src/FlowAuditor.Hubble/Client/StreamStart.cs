namespace FlowAuditor.Hubble.Client;

/// <summary>
/// Where a GetFlows stream starts: at <see cref="Since"/> (inclusive), else the last <see cref="Number"/> flows of the
/// ring (<see cref="ulong.MaxValue"/>: all it holds, as <c>hubble observe --all</c>), else (0) from now on.
/// </summary>
public sealed record StreamStart(DateTimeOffset? Since, ulong Number)
{
    /// <summary>Everything the server's ring buffer holds, then follow.</summary>
    public static StreamStart WholeRing { get; } = new(null, ulong.MaxValue);

    /// <summary>Only flows from now on.</summary>
    public static StreamStart Now { get; } = new(null, 0);
}
