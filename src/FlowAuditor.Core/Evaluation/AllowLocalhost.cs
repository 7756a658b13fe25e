namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// The agent's <c>allow-localhost</c> option. Cilium's default <c>auto</c> becomes <c>always</c> in Kubernetes mode
/// ("Kubernetes demands that the localhost can always reach local pods", <c>daemon/cmd/daemon.go</c>), so
/// <see cref="Always"/> is what a Kubernetes cluster runs unless the operator set <c>policy</c>.
/// </summary>
public enum AllowLocalhost
{
    /// <summary>Ingress from <c>reserved:host</c> is allowed whatever the allow rules say (deny rules still win).</summary>
    Always,

    /// <summary>The host is a peer like any other: only policy allows it.</summary>
    Policy,
}
