namespace FlowAuditor.Core.Evaluation;

/// <summary>Choices Kubernetes leaves to the network plugin. Defaults follow Cilium.</summary>
public sealed record EvaluationOptions
{
    public static readonly EvaluationOptions Cilium = new();

    /// <summary>
    /// Whether <c>ipBlock</c>/CIDR peers also match pods whose IP falls in the block. Cilium: no (pods are matched by
    /// identity, never through CIDR rules). The upstream Kubernetes e2e suite expects yes
    /// (<c>--ipblock-matches-pods</c>).
    /// </summary>
    public bool IpBlockMatchesPods { get; init; }
}
