using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Suggestions;
using FlowAuditor.Kubernetes.Manifests;
using FlowAuditor.Kubernetes.Rendering;

namespace FlowAuditor.Kubernetes.Tests.Rendering;

/// <summary>Rendered suggestions are manifests the loader reads back into the same engine semantics.</summary>
public sealed class SuggestionYamlTests
{
    private static readonly Endpoint Backend = Pod("production", "backend", ("app", "backend"), ("tier", "api"));
    private static readonly Endpoint Prometheus = Pod("monitoring", "prometheus", ("app.kubernetes.io/name", "prometheus"));
    private static readonly Endpoint Frontend = Pod("production", "frontend", ("app", "frontend"));

    private static Endpoint Pod(string ns, string name, params (string Key, string Value)[] labels) =>
        Endpoint.Pod(ns, name, labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)), [new(LabelSources.NamespaceNameLabel, ns)]);

    private static SuggestedPolicy BackendIngress(SuggestionFormat format) => new(
        "flowauditor-allow-backend-ingress",
        "production",
        format,
        TrafficDirection.Ingress,
        "backend",
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "backend", ["tier"] = "api" },
        [
            new SuggestedRule(
                new SuggestedPodPeer("monitoring", false, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/name"] = "prometheus" }),
                [new SuggestedPort(Protocol.TCP, 9090, 9090)]),
            new SuggestedRule(
                new SuggestedPodPeer("production", true, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "frontend" }),
                [new SuggestedPort(Protocol.TCP, 8080, 8082)]),
        ]);

    [Theory]
    [InlineData(SuggestionFormat.NetworkPolicy)]
    [InlineData(SuggestionFormat.Cilium)]
    public void RenderedSuggestion_LoadsBack_AndAdmitsExactlyWhatItSays(SuggestionFormat format)
    {
        var yaml = SuggestionYaml.Render(BackendIngress(format));

        var loaded = ManifestLoader.LoadText(yaml, "suggestion.yaml");

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var evaluator = new PolicyEvaluator(loaded.Policies);
        Assert.True(evaluator.EvaluateDirection(Backend, Prometheus, TrafficDirection.Ingress, Protocol.TCP, 9090).Allowed);
        Assert.True(evaluator.EvaluateDirection(Backend, Frontend, TrafficDirection.Ingress, Protocol.TCP, 8081).Allowed);
        Assert.False(evaluator.EvaluateDirection(Backend, Prometheus, TrafficDirection.Ingress, Protocol.TCP, 8080).Allowed);
        Assert.False(evaluator.EvaluateDirection(Backend, Frontend, TrafficDirection.Ingress, Protocol.TCP, 8083).Allowed);
        Assert.False(evaluator.EvaluateDirection(Backend, Pod("staging", "prometheus", ("app.kubernetes.io/name", "prometheus")), TrafficDirection.Ingress, Protocol.TCP, 9090).Allowed);
    }

    [Fact]
    public void NetworkPolicyYaml_UsesNamespaceAndPodSelectorInOnePeer_AndEndPortForRanges()
    {
        var yaml = SuggestionYaml.Render(BackendIngress(SuggestionFormat.NetworkPolicy));

        Assert.StartsWith("# FlowAuditor suggestion for production/backend (ingress): admits 0 observed", yaml, StringComparison.Ordinal);
        Assert.Contains("kind: NetworkPolicy", yaml, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/metadata.name: monitoring", yaml, StringComparison.Ordinal);
        Assert.Contains("endPort: 8082", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("pod-template-hash", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SuggestionFormat.NetworkPolicy)]
    [InlineData(SuggestionFormat.Cilium)]
    public void LabelValuesThatReadAsOtherTypes_AreQuoted_InBothFormats(SuggestionFormat format)
    {
        // kubectl reads `canary: true` as a boolean and rejects it for a string-valued label map.
        var suggestion = new SuggestedPolicy(
            "flowauditor-allow-backend-ingress", "production", format, TrafficDirection.Ingress, "backend",
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "backend", ["canary"] = "true" },
            [new SuggestedRule(new SuggestedPodPeer("production", true, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["version"] = "1.10" }), [new SuggestedPort(Protocol.TCP, 80, 80)])]);

        var yaml = SuggestionYaml.Render(suggestion);

        Assert.Contains("canary: 'true'", yaml.Replace('"', '\''), StringComparison.Ordinal);
        Assert.Contains("version: '1.10'", yaml.Replace('"', '\''), StringComparison.Ordinal);
        Assert.Contains("app: backend", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void FileNames_AreNamespaceDotName()
    {
        Assert.Equal("production.flowauditor-allow-backend-ingress.yaml", SuggestionYaml.FileName(BackendIngress(SuggestionFormat.NetworkPolicy)));
    }

    [Fact]
    public void CiliumYaml_ExternalAddressesAreToCidr_AndEntitiesToEntities()
    {
        var suggestion = new SuggestedPolicy(
            "flowauditor-allow-backend-egress", "production", SuggestionFormat.Cilium, TrafficDirection.Egress, "backend",
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = "backend" },
            [
                new SuggestedRule(new SuggestedCidrPeer("203.0.113.10/32"), [new SuggestedPort(Protocol.TCP, 443, 443)]),
                new SuggestedRule(new SuggestedEntityPeer("kube-apiserver"), [new SuggestedPort(Protocol.TCP, 6443, 6443)]),
            ]);

        var loaded = ManifestLoader.LoadText(SuggestionYaml.Render(suggestion), "s.yaml");

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var evaluator = new PolicyEvaluator(loaded.Policies);
        var backend = Pod("production", "backend", ("app", "backend"));
        Assert.True(evaluator.EvaluateDirection(backend, Endpoint.External(IPAddress.Parse("203.0.113.10")), TrafficDirection.Egress, Protocol.TCP, 443).Allowed);
        Assert.False(evaluator.EvaluateDirection(backend, Endpoint.External(IPAddress.Parse("203.0.113.11")), TrafficDirection.Egress, Protocol.TCP, 443).Allowed);
        Assert.True(evaluator.EvaluateDirection(backend, Endpoint.ForEntity(EndpointKind.KubeApiServer), TrafficDirection.Egress, Protocol.TCP, 6443).Allowed);
    }
}
