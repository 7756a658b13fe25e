using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Evaluation.Compiled;

/// <summary>A rule with its peer clauses split by kind so matching is a few bit tests and range checks.</summary>
internal sealed class CompiledRule
{
    private readonly ClusterNamedPorts? _clusterPorts;

    /// <param name="clusterPorts">Set for an egress rule whose named ports resolve cluster-wide (up to 1.19).</param>
    public CompiledRule(Policy policy, PolicyRule rule, int[] selectorIds, ClusterNamedPorts? clusterPorts = null)
    {
        _clusterPorts = clusterPorts;
        Policy = policy;
        Rule = rule;
        SelectorIds = selectorIds;
        Cidrs = [.. rule.Peers.OfType<CidrPeer>().Select(p => p.Block)];
        Entities = rule.Peers.OfType<EntityPeer>().Aggregate(EntitySet.None, (acc, p) => acc | p.Entities);
        Fqdns = [.. rule.Peers.OfType<FqdnPeer>().Select(p => new FqdnMatcher(p))];
        Services = [.. rule.Peers.OfType<ServicePeer>()];
        Ports = [.. rule.Ports];
        Ref = new RuleRef(policy.Ref, rule.Index) { Spec = policy.SpecIndex, Deny = rule.IsDeny, L7Protocol = rule.L7Protocol };
    }

    public Policy Policy { get; }

    public PolicyRule Rule { get; }

    public RuleRef Ref { get; }

    public int[] SelectorIds { get; }

    public CidrBlock[] Cidrs { get; }

    public EntitySet Entities { get; }

    public FqdnMatcher[] Fqdns { get; }

    public ServicePeer[] Services { get; }

    public PortMatch[] Ports { get; }

    public bool MatchesAllPeers => Rule.MatchesAllPeers;

    public bool MatchesPeer(Endpoint peer, IdentityRow peerRow, EvaluationOptions options)
    {
        if (Rule.MatchesAllPeers)
        {
            return true;
        }

        foreach (var id in SelectorIds)
        {
            if (peerRow.Selects(id))
            {
                return true;
            }
        }

        if ((Entities & peer.Entity) != 0)
        {
            return true;
        }

        return (Cidrs.Length > 0 && MatchesCidr(peer, options))
            || (Fqdns.Length > 0 && MatchesFqdn(peer))
            || (Services.Length > 0 && MatchesService(peer));
    }

    /// <summary>Verdict-only port check: no work on why it failed.</summary>
    public bool AllowsPort(Protocol protocol, int port, Endpoint destination)
    {
        if (Ports.Length == 0)
        {
            return true;
        }

        foreach (var entry in Ports)
        {
            if (Match(entry, protocol, port, destination) == PortMatchResult.Match)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Match, no match, or "every port entry is a named port the destination lacks".</summary>
    public PortMatchResult MatchesPort(Protocol protocol, int port, Endpoint destination)
    {
        if (Ports.Length == 0)
        {
            return PortMatchResult.Match;
        }

        var allUnresolvable = true;
        foreach (var entry in Ports)
        {
            var result = Match(entry, protocol, port, destination);
            if (result == PortMatchResult.Match)
            {
                return PortMatchResult.Match;
            }

            allUnresolvable &= _clusterPorts is not null && entry.IsNamed
                ? result == PortMatchResult.NamedPortUnresolved
                : !entry.IsResolvableOn(destination.NamedPorts);
        }

        return allUnresolvable ? PortMatchResult.NamedPortUnresolved : PortMatchResult.NoMatch;
    }

    // Up to 1.19 an egress named port is one number for the whole cluster, applied to whatever peer the rule selects.
    private PortMatchResult Match(PortMatch entry, Protocol protocol, int port, Endpoint destination)
    {
        if (_clusterPorts is null || entry.Name is not { } name)
        {
            return entry.Match(protocol, port, destination.NamedPorts);
        }

        if (!entry.Protocol.Covers(protocol))
        {
            return PortMatchResult.NoMatch;
        }

        return _clusterPorts.Resolve(name, protocol, destination.NamedPorts) switch
        {
            null => PortMatchResult.NamedPortUnresolved,
            var resolved when resolved == port => PortMatchResult.Match,
            _ => PortMatchResult.NoMatch,
        };
    }

    // CIDR rules see addresses outside the cluster; pods only when the plugin matches pod IPs (option).
    private bool MatchesCidr(Endpoint peer, EvaluationOptions options)
    {
        var eligible = peer.Kind == EndpointKind.World || (peer.Kind == EndpointKind.Pod && options.IpBlockMatchesPods);
        if (!eligible)
        {
            return false;
        }

        if (peer.Address is null)
        {
            // reserved:world itself (an address no policy prefix covers). 0.0.0.0/0 and ::/0 select it as the world
            // entity, and their except entries only carve out their own prefixes, never reserved:world:
            //   toCIDRSet: [{cidr: 0.0.0.0/0, except: [224.0.0.0/3]}]   # still allows world
            // (pkg/policy/api/cidr.go CIDRRuleSlice.GetAsEndpointSelectors: world label Exists AND !cidr:<except>).
            return Cidrs.Any(c => c.Cidr.PrefixLength == 0);
        }

        foreach (var cidr in Cidrs)
        {
            if (cidr.Contains(peer.Address))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesFqdn(Endpoint peer)
    {
        foreach (var name in peer.DnsNames)
        {
            foreach (var fqdn in Fqdns)
            {
                if (fqdn.Matches(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool MatchesService(Endpoint peer)
    {
        if (peer.Service is not { } service)
        {
            return false;
        }

        foreach (var s in Services)
        {
            if (s.Selector is null
                && string.Equals(s.ServiceName, service.Name, StringComparison.Ordinal)
                && string.Equals(s.ServiceNamespace ?? service.Namespace, service.Namespace, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
