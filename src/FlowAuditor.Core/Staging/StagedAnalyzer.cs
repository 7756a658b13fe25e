using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Evaluation;

namespace FlowAuditor.Core.Staging;

/// <summary>
/// Measures staged changes on observed traffic. Each observed attempt is evaluated as a whole connection (source
/// egress AND destination ingress) against the enforced set, the enforced set plus each change alone, and the
/// enforced set plus all changes.
/// <list type="bullet">
/// <item>Would deny: allowed today and denied after. An attempt Hubble reported DROPPED or AUDIT is denied today
/// (audit mode shows what enforcement would drop), so it never counts here, even if the enforced policies allow
/// it (unexplained).</item>
/// <item>Would allow: denied by the enforced policies and allowed after.</item>
/// </list>
/// An attempt is aggregated under the direction that flips (egress first, where the datapath decides first).
/// </summary>
public static class StagedAnalyzer
{
    /// <summary>Measures on everything <paramref name="observed"/> aggregated, and reports its bound.</summary>
    public static StagedImpact Analyze(PolicySet enforced, IReadOnlyList<StagedChange> changes, ObservedAttempts observed, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return Analyze(enforced, changes, observed.Snapshot(), options) with { MaxKeys = observed.MaxKeys, OverflowAttempts = observed.OverflowAttempts };
    }

    public static StagedImpact Analyze(
        PolicySet enforced, IReadOnlyList<StagedChange> changes, IReadOnlyList<ObservedAttempt> observed, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(enforced);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(observed);
        if (changes.Count == 0)
        {
            // Nothing staged (the usual case, measured on every report build and scrape): no policy set to compile.
            return new StagedImpact([], StagedImpact.None.Combined) { Attempts = observed.Sum(o => o.Attempts), Keys = observed.Count };
        }

        var before = new PolicyEvaluator(enforced, options);
        var perChange = changes
            .Select(c => Measure(before, new PolicyEvaluator(StagedChanges.Apply(enforced, c), options), observed, c) with
            {
                TargetEnforced = StagedChanges.TargetsEnforced(enforced, c),
            })
            .ToList();
        var combined = Measure(before, new PolicyEvaluator(StagedChanges.Apply(enforced, changes), options), observed, null);
        return new StagedImpact(perChange, combined) { Attempts = observed.Sum(o => o.Attempts), Keys = observed.Count };
    }

    private static StagedChangeImpact Measure(PolicyEvaluator before, PolicyEvaluator after, IReadOnlyList<ObservedAttempt> observed, StagedChange? change)
    {
        var examples = new Dictionary<(StagedEffect, AggregateKey), (long Attempts, DirectionVerdict Decision, string Workload)>();
        long wouldDeny = 0, wouldAllow = 0;
        foreach (var attempt in observed)
        {
            // The verdict-only fast path first; attribution only for the attempts that flip.
            var allowedBefore = before.IsAllowed(attempt.Source, attempt.Destination, attempt.Protocol, attempt.Port);
            var allowedAfter = after.IsAllowed(attempt.Source, attempt.Destination, attempt.Protocol, attempt.Port);
            if (allowedBefore == allowedAfter)
            {
                continue;
            }

            var effect = allowedBefore ? StagedEffect.WouldDeny : StagedEffect.WouldAllow;
            var count = allowedBefore ? attempt.Attempts - attempt.Denied : attempt.Attempts;
            if (count == 0)
            {
                continue;
            }

            var was = before.Evaluate(attempt.Source, attempt.Destination, attempt.Protocol, attempt.Port);
            var now = after.Evaluate(attempt.Source, attempt.Destination, attempt.Protocol, attempt.Port);
            var egressFlips = was.Egress.Allowed != now.Egress.Allowed;
            var decision = egressFlips ? now.Egress : now.Ingress;
            var (subject, peer) = egressFlips ? (attempt.Source, attempt.Destination) : (attempt.Destination, attempt.Source);
            var key = DeniedTrafficAggregator.KeyOf(subject, peer, decision.Direction, attempt.Protocol, attempt.Port);
            examples[(effect, key)] = examples.TryGetValue((effect, key), out var known)
                ? known with { Attempts = known.Attempts + count }
                : (count, decision, subject.IsPod ? WorkloadIdentity.NameOf(subject) : Endpoints.Entities.ReservedName(subject.Kind));
            if (effect == StagedEffect.WouldDeny)
            {
                wouldDeny += count;
            }
            else
            {
                wouldAllow += count;
            }
        }

        var list = examples
            .Select(e => new StagedExample(e.Key.Item1, e.Key.Item2, e.Value.Attempts, e.Value.Decision) { Workload = e.Value.Workload })
            .OrderByDescending(e => e.Attempts).ThenBy(e => e.Effect).ThenBy(e => e.Key)
            .ToList();
        return new StagedChangeImpact(change, wouldDeny, wouldAllow, list);
    }
}
