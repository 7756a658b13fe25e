using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Cli;

/// <summary>
/// Agent option values set explicitly (flags, or the cluster's <c>cilium-config</c>); null or empty leaves the
/// version's default. Applied over <see cref="EvaluationOptions.ForVersion"/>.
/// </summary>
internal sealed record AgentOverrides(bool? AllowLocalhostAlways, bool? PolicyDefaultLocalCluster, IReadOnlyList<string> LabelPrefixes)
{
    public static readonly AgentOverrides None = new(null, null, []);

    /// <summary>Flags win over the ConfigMap: each value of <paramref name="over"/> that is set replaces this one's.</summary>
    public AgentOverrides OverriddenBy(AgentOverrides over) => new(
        over.AllowLocalhostAlways ?? AllowLocalhostAlways,
        over.PolicyDefaultLocalCluster ?? PolicyDefaultLocalCluster,
        over.LabelPrefixes.Count > 0 ? over.LabelPrefixes : LabelPrefixes);

    public EvaluationOptions ApplyTo(EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (AllowLocalhostAlways is { } always)
        {
            options = options with { AllowLocalhost = always ? AllowLocalhost.Always : AllowLocalhost.Policy };
        }

        if (PolicyDefaultLocalCluster is { } local)
        {
            options = options with { PolicyDefaultLocalCluster = local };
        }

        if (LabelPrefixes.Count > 0 && LabelFilter.TryCreate(LabelPrefixes, out var filter, out _))
        {
            options = options with { LabelFilter = filter };
        }

        return options;
    }
}
