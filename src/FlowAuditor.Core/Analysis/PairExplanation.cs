namespace FlowAuditor.Core.Analysis;

/// <summary>A pair's whole connection space, partitioned into groups of identical attribution.</summary>
public sealed record PairExplanation(AnalysisPeer Source, AnalysisPeer Destination, IReadOnlyList<ExplainGroup> Groups)
{
    /// <summary>True when neither side is isolated for any connection: everything is allowed by the system default.</summary>
    public bool AllowedBySystemDefault =>
        Groups.Count == 1 && Groups[0].Allowed && !Groups[0].Verdict.Egress.Isolated && !Groups[0].Verdict.Ingress.Isolated;
}
