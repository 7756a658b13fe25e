using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// Agent option values set explicitly (flags, or the cluster's <c>cilium-config</c>); null or empty leaves the
/// version's default. Applied over <see cref="EvaluationOptions.ForVersion"/>.
/// </summary>
public sealed record AgentOverrides(bool? AllowLocalhostAlways, bool? PolicyDefaultLocalCluster, IReadOnlyList<string> LabelPrefixes)
{
    public static readonly AgentOverrides None = new(null, null, []);

    public bool IsEmpty => AllowLocalhostAlways is null && PolicyDefaultLocalCluster is null && LabelPrefixes.Count == 0;

    /// <summary>
    /// Reads the agent's spelling of each option (<c>cilium-config</c> keys, flags): <c>allow-localhost</c>
    /// auto|always|policy (auto is always in Kubernetes mode), <c>policy-default-local-cluster</c> true|false,
    /// <c>labels</c> space-separated prefixes. A value that does not parse is named in <paramref name="problems"/>
    /// and left at the default.
    /// </summary>
    public static AgentOverrides Parse(string? allowLocalhost, string? policyDefaultLocalCluster, string? labels, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        bool? always = allowLocalhost?.Trim() switch
        {
            null or "" => null,
            "auto" or "always" => true,
            "policy" => false,
            var other => Problem<bool?>(problems, $"allow-localhost: '{other}' is not auto, always or policy"),
        };
        bool? local = policyDefaultLocalCluster?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "TRUE" => true,
            "FALSE" => false,
            _ => Problem<bool?>(problems, $"policy-default-local-cluster: '{policyDefaultLocalCluster}' is not true or false"),
        };
        var prefixes = (labels ?? string.Empty).Split([' ', '\t', '\n', ','], StringSplitOptions.RemoveEmptyEntries);
        if (prefixes.Length > 0 && !LabelFilter.TryCreate(prefixes, out _, out var error))
        {
            problems.Add($"labels: {error}");
            prefixes = [];
        }

        return new AgentOverrides(always, local, prefixes);
    }

    /// <summary>Flags win over the ConfigMap: each value of <paramref name="over"/> that is set replaces this one's.</summary>
    public AgentOverrides OverriddenBy(AgentOverrides over) => new(
        over.AllowLocalhostAlways ?? AllowLocalhostAlways,
        over.PolicyDefaultLocalCluster ?? PolicyDefaultLocalCluster,
        over.LabelPrefixes.Count > 0 ? over.LabelPrefixes : LabelPrefixes);

    private static T? Problem<T>(ICollection<string> problems, string message)
    {
        problems.Add(message);
        return default;
    }

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
