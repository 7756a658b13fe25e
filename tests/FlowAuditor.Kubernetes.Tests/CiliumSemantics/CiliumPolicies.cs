using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>Loads policy YAML through the manifest loader (it must load cleanly) and evaluates connections.</summary>
internal static class CiliumPolicies
{
    public static PolicyEvaluator Load(string yaml, EvaluationOptions? options = null) => new(Manifest.LoadClean(yaml).Policies, options);

    /// <summary>The verdict, checked to agree between the fast path and the attributed path.</summary>
    public static bool Allows(this PolicyEvaluator evaluator, Endpoint source, Endpoint destination, Protocol protocol, int port)
    {
        var attributed = evaluator.Evaluate(source, destination, protocol, port).Allowed;
        Assert.Equal(attributed, evaluator.IsAllowed(source, destination, protocol, port));
        return attributed;
    }

    public static DirectionVerdict Ingress(this PolicyEvaluator evaluator, Endpoint source, Endpoint destination, Protocol protocol, int port) =>
        evaluator.EvaluateDirection(destination, source, TrafficDirection.Ingress, protocol, port);

    public static DirectionVerdict Egress(this PolicyEvaluator evaluator, Endpoint source, Endpoint destination, Protocol protocol, int port) =>
        evaluator.EvaluateDirection(source, destination, TrafficDirection.Egress, protocol, port);
}
