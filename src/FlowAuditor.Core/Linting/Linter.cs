using FlowAuditor.Core.Linting.Rules;

namespace FlowAuditor.Core.Linting;

/// <summary>Runs every lint rule over the loaded model; findings in file and line order, each once.</summary>
public static class Linter
{
    public static IReadOnlyList<ILintRule> Rules { get; } =
    [
        new DnsEgressBlockedRule(),
        new PeerSelectorsOrRule(),
        new NamespaceSelectorMatchesNothingRule(),
        new EgressDenyIneffectiveRule(),
        new EgressRulesIgnoredRule(),
        new HostNetworkPodsSelectedRule(),
        new SelectsNoPodsRule(),
        new NamedPortUndefinedRule(),
        new IpBlockSelectsPodsRule(),
        new FqdnWithoutDnsProxyRule(),
        new CnpPeerOutsideNamespaceRule(),
        new NamespaceNotIsolatedRule(),
        new UnsupportedConstructRule(),
        new HostPolicyNotEvaluatedRule(),
    ];

    public static IReadOnlyList<LintFinding> Run(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [.. Rules.SelectMany(r => r.Check(context)).Distinct()
            .OrderBy(f => f.Location.File, StringComparer.Ordinal).ThenBy(f => f.Location.Line).ThenBy(f => f.Rule, StringComparer.Ordinal)];
    }
}
