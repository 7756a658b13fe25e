using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Core.Staging;

/// <summary>
/// Attempts whose verdict a staged change flips, aggregated like denied traffic: direction, subject workload, peer,
/// protocol, port. <see cref="Decision"/> is the deciding direction's verdict after the change: for would-deny the
/// denials (deny rule, or the isolating policies), for would-allow the rules that now allow.
/// </summary>
public sealed record StagedExample(StagedEffect Effect, AggregateKey Key, long Attempts, DirectionVerdict Decision)
{
    /// <summary>The subject's bare workload name (entity name for a non-pod subject), as metrics label it.</summary>
    public string Workload { get; init; } = string.Empty;
}
