using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Tests.Selectors;

/// <summary>Engine selectors read back as the selectors users write, never shortened.</summary>
public sealed class SelectorTextTests
{
    private static SelectorRequirement K8s(string key, string value) => new(LabelSources.K8s, key, SelectorOperator.In, [value]);

    private static readonly SelectorRequirement AnyNamespace = new(LabelSources.K8s, LabelSources.PodNamespaceKey, SelectorOperator.Exists);

    [Fact]
    public void PodSelectorOfTheSameNamespace_ReadsInNamespace() =>
        Assert.Equal("app=backend in namespace production",
            SelectorText.Of(new LabelSelector([K8s("app", "backend"), K8s(LabelSources.PodNamespaceKey, "production")])));

    [Fact]
    public void NamespaceSelectorOnTheNameLabel_ReadsAsTheNamespace()
    {
        var selector = new LabelSelector([
            K8s("app.kubernetes.io/component", "controller"),
            K8s("app.kubernetes.io/name", "ingress-nginx"),
            K8s(LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel, "ingress-nginx"),
            AnyNamespace]);

        Assert.Equal("app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx in namespace ingress-nginx", SelectorText.Of(selector));
    }

    [Fact]
    public void OtherNamespaceLabels_ReadInNamespacesWith() =>
        Assert.Equal("every pod in namespaces team=shop",
            SelectorText.Of(new LabelSelector([K8s(LabelSources.NamespaceLabelPrefix + "team", "shop"), AnyNamespace])));

    [Fact]
    public void AllNamespaces_AndExpressions_AreSpelledOut() =>
        Assert.Equal("!canary,tier in (api,web) in any namespace",
            SelectorText.Of(new LabelSelector([
                new SelectorRequirement(LabelSources.K8s, "tier", SelectorOperator.In, ["web", "api"]),
                new SelectorRequirement(LabelSources.K8s, "canary", SelectorOperator.DoesNotExist),
                AnyNamespace])));
}
