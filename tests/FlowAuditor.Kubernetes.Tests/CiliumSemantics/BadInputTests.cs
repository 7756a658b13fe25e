using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Tests.Support;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>Invalid CNP/CCNP content is an error naming the object and field; the other objects still load.</summary>
public sealed class BadInputTests
{
    private const string Good = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: good, namespace: default}
        spec:
          endpointSelector: {}
          ingress: [{fromEntities: [cluster]}]
        ---

        """;

    [Theory]
    [InlineData("egress: [{toEntities: [internet]}]", "spec.egress[0].toEntities[0]")]
    [InlineData("egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.0.0.0/33]}]}]", "spec.egress[0].toCIDRSet[0].except[0]")]
    [InlineData("egress: [{toCIDR: [not-an-ip]}]", "spec.egress[0].toCIDR[0]")]
    [InlineData("egress: [{toPorts: [{ports: [{port: \"9000\", endPort: 8000}]}]}]", "spec.egress[0].toPorts[0].ports[0].endPort")]
    [InlineData("egress: [{toPorts: [{ports: [{port: \"53\", protocol: ICMP}]}]}]", "spec.egress[0].toPorts[0].ports[0].protocol")]
    [InlineData("egress: [{icmps: [{fields: [{type: Pong}]}]}]", "spec.egress[0].icmps[0].fields[0].type")]
    [InlineData("egress: [{toEndpoints: [{matchExpressions: [{key: app, operator: Near, values: [x]}]}]}]", "spec.egress[0].toEndpoints[0].matchExpressions[0].operator")]
    [InlineData("egress: [{toFQDNs: [{matchName: a.example, matchPattern: \"*.example\"}]}]", "spec.egress[0].toFQDNs[0]")]
    public void InvalidCiliumField_IsAnErrorNamingObjectAndField_OtherObjectsStillLoad(string rules, string field)
    {
        var result = Manifest.Load(Good + $$"""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {name: bad}
            spec:
              endpointSelector: {}
              {{rules}}
            """);

        var error = result.SingleError();
        Assert.Equal(("CiliumClusterwideNetworkPolicy bad", field), (error.Object, error.Field));
        Assert.Equal("good", Assert.Single(result.Policies.Policies).Ref.Name);
    }

    [Fact]
    public void UnknownFieldsAcrossSpecs_AreWarnedOncePerObject_AndThePolicyLoads()
    {
        var result = Manifest.Load("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: typos, namespace: default}
            specs:
            - endpointSelector: {}
              ingress: [{fromEndpoint: [{}], fromEntities: [world]}]
            - endpointSelector: {}
              egress: [{toPorts: [{ports: [{port: "53", proto: UDP}]}]}]
              enableDefaultDeny: {ingres: false}
            """);

        var warning = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Warning);
        Assert.Equal("CiliumNetworkPolicy default/typos", warning.Object);
        foreach (var path in new[] { "specs[0].ingress[0].fromEndpoint", "specs[1].egress[0].toPorts[0].ports[0].proto", "specs[1].enableDefaultDeny.ingres" })
        {
            Assert.Contains(path, warning.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, result.Policies.Policies.Count);
    }
}
