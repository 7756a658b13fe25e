using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;
using static FlowAuditor.Kubernetes.Tests.CiliumSemantics.HubbleEndpoints;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>docs.cilium.io, Layer 3 "Services based": toServices by k8sService name/namespace or k8sServiceSelector.</summary>
public sealed class ServicesBasedTests
{
    private const string ServicePolicy = """
        apiVersion: "cilium.io/v2"
        kind: CiliumNetworkPolicy
        metadata:
          name: "service-rule"
          namespace: default
        spec:
          endpointSelector:
            matchLabels:
              id: app2
          egress:
          - toServices:
            - k8sService:
                serviceName: myservice
                namespace: default
            - k8sServiceSelector:
                selector:
                  matchLabels:
                    env: staging
                namespace: another-namespace
        """;

    private static readonly Endpoint App2 = Pod("default", ["k8s:id=app2"]);

    [Fact]
    public void ToServicesK8sService_MatchesTheServiceHubbleReports_ByNameAndNamespace()
    {
        var policies = CiliumPolicies.Load(ServicePolicy);

        Assert.True(policies.Allows(App2, Backend("default", "myservice"), Protocol.TCP, 8080));
        Assert.False(policies.Allows(App2, Backend("default", "otherservice"), Protocol.TCP, 8080));
        Assert.False(policies.Allows(App2, Backend("another-namespace", "myservice"), Protocol.TCP, 8080));
        Assert.False(policies.Allows(App2, Pod("default", ["k8s:app=backend"]), Protocol.TCP, 8080));
    }

    [Fact]
    public void ToServicesK8sServiceSelector_IsReportedAsNotEvaluated_NeverSilentlyAllowed()
    {
        var result = Support.Manifest.LoadClean(ServicePolicy);
        var rule = Assert.Single(Assert.Single(result.Policies.Policies).Egress);
        var policies = new Core.Evaluation.PolicyEvaluator(result.Policies);

        Assert.Contains(rule.Unsupported, u => u.Contains("env=staging", StringComparison.Ordinal));
        Assert.False(policies.Allows(App2, Backend("another-namespace", "staging-api"), Protocol.TCP, 8080));
    }

    private static Endpoint Backend(string ns, string service) =>
        new(EndpointKind.Pod, Pod(ns, ["k8s:app=backend"]).Labels) { Namespace = ns, Service = new ServiceRef(ns, service) };
}
