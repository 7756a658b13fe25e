using FlowAuditor.Kubernetes.Rendering;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Tests.Rendering;

/// <summary>The scoped serializer writes NetworkPolicies exactly as KubernetesClient's own KubernetesYaml does.</summary>
public sealed class KubernetesModelYamlTests
{
    private static V1NetworkPolicy EveryFieldASuggestionUses() => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta
        {
            Name = "flowauditor-allow-backend-ingress",
            NamespaceProperty = "production",
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "flowauditor" },
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "backend", ["canary"] = "true", ["version"] = "1.0" } },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress =
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty =
                    [
                        new V1NetworkPolicyPeer
                        {
                            NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring" } },
                            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["release"] = "0123" } },
                        },
                    ],
                    Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = 8080, EndPort = 8082 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = "metrics" }],
                },
            ],
            Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "10.0.0.0/8", Except = ["10.1.0.0/16"] } }], Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }] }],
        },
    };

    [Fact]
    public void NetworkPolicy_IsWrittenAsKubernetesYamlWritesIt()
    {
        var policy = EveryFieldASuggestionUses();

        var ours = KubernetesModelYaml.For(typeof(V1NetworkPolicy)).Serialize(policy);

        // KubernetesYaml leaves the stream open, so its text lacks the final newline; the rest is the same text.
        Assert.Equal(KubernetesYaml.Serialize(policy) + "\n", ours);
        Assert.Contains("from:", ours, StringComparison.Ordinal);
        Assert.Contains("namespace: production", ours, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelValuesThatReadAsBooleansOrNumbers_AreQuoted_SoTheApiServerReadsStrings()
    {
        var yaml = KubernetesModelYaml.For(typeof(V1NetworkPolicy)).Serialize(EveryFieldASuggestionUses());

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var podSelector = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"])["podSelector"];
        var labels = (YamlMappingNode)podSelector["matchLabels"];
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, ((YamlScalarNode)labels["canary"]).Style);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, ((YamlScalarNode)labels["version"]).Style);
        Assert.Equal(YamlDotNet.Core.ScalarStyle.Plain, ((YamlScalarNode)labels["app"]).Style);
    }
}
