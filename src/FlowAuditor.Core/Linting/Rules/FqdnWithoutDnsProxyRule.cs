using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Linting.Rules;

/// <summary>
/// <c>fqdn-without-dns-proxy</c>: a Cilium policy uses <c>toFQDNs</c>, but no policy for the same endpoints has a DNS
/// rule (<c>toPorts.rules.dns</c>) toward the cluster DNS. Cilium learns the names' IPs only from lookups its DNS
/// proxy sees, so without one the FQDN peer never has addresses and the traffic is denied:
/// <code>
/// egress:
/// - toFQDNs: [{matchName: api.example.com}]   # needs, for the same endpoints:
/// - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
///   toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
/// </code>
/// (Cilium docs, "DNS based" policies; pkg/fqdn/dnsproxy.)
/// </summary>
public sealed class FqdnWithoutDnsProxyRule : ILintRule
{
    public string Id => "fqdn-without-dns-proxy";

    public string Summary => "toFQDNs without a DNS-proxy rule toward the cluster DNS for the same endpoints.";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dns = context.DnsServers[0];
        foreach (var policy in context.Evaluated.Where(p => p.Ref.Kind != PolicyKind.NetworkPolicy))
        {
            foreach (var rule in policy.Egress.Where(r => r.Peers.Any(p => p is FqdnPeer)))
            {
                var pods = context.SelectedPods(policy);
                var covered = pods.Count > 0
                    ? pods.All(pod => context.Evaluated.Any(p => p.Subject.Matches(pod.Labels) && HasDnsRule(p, dns)))
                    : context.Evaluated.Any(p => p.Subject.Equals(policy.Subject) && HasDnsRule(p, dns));
                if (covered || rule.Source is null)
                {
                    continue;
                }

                yield return new LintFinding(Id, Severity.Error, rule.Source with { Field = $"{rule.Source.Field}.toFQDNs" },
                    $"toFQDNs without a DNS rule toward the cluster DNS ({context.Options.DnsDisplay}) for the same endpoints: Cilium learns no addresses for these names, so the traffic is denied",
                    "add an egress rule to the cluster DNS with toPorts: [{ports: [{port: \"53\", protocol: ANY}], rules: {dns: [{matchPattern: \"*\"}]}}]");
            }
        }
    }

    private static bool HasDnsRule(Policy policy, Endpoint dns) =>
        policy.Egress.Any(r => r.L7Protocol == "dns" && (r.MatchesAllPeers || r.Peers.Any(p => p switch
        {
            SelectorPeer s => s.Selector.Matches(dns.Labels),
            EntityPeer e => (e.Entities & EntitySet.ClusterPods) != 0,
            _ => false,
        })));
}
