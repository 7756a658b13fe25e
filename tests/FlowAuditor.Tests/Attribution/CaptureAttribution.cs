using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Tests.Attribution;

/// <summary>
/// Runs a real Hubble capture (linked from the Hubble tests' fixtures, see their PROVENANCE.md) through the capture
/// reader, <see cref="FlowRecordMapper"/> and <see cref="FlowAttributor"/> against policies loaded from YAML.
/// </summary>
internal static class CaptureAttribution
{
    public static string PathOf(string fixture) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hubble", fixture);

    /// <summary>The capture's flows, optionally edited (for clearly labelled derived variants).</summary>
    public static async Task<IReadOnlyList<Flow>> ReadAsync(string fixture)
    {
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true });
        var flows = new List<Flow>();
        await foreach (var response in reader.ReadAsync([PathOf(fixture)]))
        {
            if (response.Flow is { } flow)
            {
                flows.Add(flow);
            }
        }

        return flows;
    }

    /// <summary>Attributes every flow of the capture against the manifests (which must load without errors).</summary>
    public static async Task<(IReadOnlyList<FlowAttribution> Attributions, PolicyEvaluator Evaluator)> AttributeAsync(
        string fixture, string manifests, Action<Flow>? derive = null)
    {
        var flows = await ReadAsync(fixture);
        return Attribute(flows, manifests, derive);
    }

    public static (IReadOnlyList<FlowAttribution> Attributions, PolicyEvaluator Evaluator) Attribute(
        IReadOnlyList<Flow> flows, string manifests, Action<Flow>? derive = null)
    {
        var loaded = ManifestLoader.LoadText(manifests, "manifests.yaml");
        Assert.DoesNotContain(loaded.Diagnostics, d => d.Severity == Severity.Error);
        var evaluator = new PolicyEvaluator(loaded.Policies);
        var attributor = new FlowAttributor(evaluator, loaded.Cluster);
        var mapper = new FlowRecordMapper();
        var attributions = new List<FlowAttribution>();
        foreach (var original in flows)
        {
            var flow = original.Clone();
            derive?.Invoke(flow);
            attributions.Add(attributor.Attribute(mapper.Map(flow)) ?? throw new InvalidOperationException("flow carried no policy decision"));
        }

        return (attributions, evaluator);
    }
}
