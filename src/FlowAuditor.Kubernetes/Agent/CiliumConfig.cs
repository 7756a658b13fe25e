using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Kubernetes.Agent;

/// <summary>
/// What the agent's <c>cilium-config</c> ConfigMap says about the options that change verdicts, or why it could not be
/// read (<see cref="Found"/> false). <see cref="Problems"/> names values that did not parse (left at the default).
/// </summary>
public sealed record CiliumConfig(bool Found, AgentOverrides Options, string Source, IReadOnlyList<string> Problems)
{
    public static CiliumConfig NotRead(string why) => new(false, AgentOverrides.None, why, []);
}
