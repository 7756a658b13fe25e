namespace FlowAuditor.Core.Readiness;

/// <summary>A namespace's rollout readiness: ready, or not ready with every reason.</summary>
public sealed record ReadinessVerdict(string Namespace, IReadOnlyList<string> Reasons)
{
    public bool Ready => Reasons.Count == 0;

    /// <summary><c>ready</c>, or <c>not ready: reason; reason</c>.</summary>
    public string Text => Ready ? "ready" : "not ready: " + string.Join("; ", Reasons);
}
