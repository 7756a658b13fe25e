using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Staging;

/// <summary>
/// One policy change staged for measurement, never enforced: set (add or replace) or delete the object named by
/// <see cref="Target"/>. A set carries the object's engine policies (one per spec of a multi-spec Cilium policy).
/// </summary>
public sealed record StagedChange(StagedAction Action, PolicyRef Target, IReadOnlyList<Policy> Policies)
{
    /// <summary>Where the change came from (<c>file:line</c>, or <c>StagedPolicy ns/name</c>), for reports.</summary>
    public string? Source { get; init; }

    public static StagedChange Delete(PolicyRef target) => new(StagedAction.Delete, target, []);

    public static StagedChange Set(PolicyRef target, IReadOnlyList<Policy> policies) => new(StagedAction.Set, target, policies);
}
