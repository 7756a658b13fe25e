using FlowAuditor.Core.Aggregation;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Tests.Support;

/// <summary>Attributes flows against policies and aggregates them, as an audit does before suggesting.</summary>
internal static class TestAggregates
{
    public static IReadOnlyList<AggregateEntry> Of(IEnumerable<FlowRecord> flows, params Policy[] policies)
    {
        // allow-localhost=policy: the only agent setting under which Hubble drops host traffic, as some test flows do.
        var attributor = new FlowAttributor(new PolicyEvaluator(new PolicySet(policies), EvaluationOptions.Cilium with { AllowLocalhost = AllowLocalhost.Policy }));
        var aggregator = new DeniedTrafficAggregator();
        foreach (var flow in flows)
        {
            aggregator.Add(flow, FlowClassifier.Classify(flow), attributor.Attribute(flow)!);
        }

        return aggregator.Snapshot();
    }
}
