using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Evaluation.Compiled;

/// <summary>A rule with its peer clauses split by kind so matching is a few bit tests and range checks.</summary>
internal sealed class CompiledRule
{
    public CompiledRule(Policy policy, PolicyRule rule, int[] selectorIds)
    {
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
            if (entry.Match(protocol, port, destination.NamedPorts) == PortMatchResult.Match)
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
            if (entry.Match(protocol, port, destination.NamedPorts) == PortMatchResult.Match)
            {
                return PortMatchResult.Match;
            }

            allUnresolvable &= !entry.IsResolvableOn(destination.NamedPorts);
        }

        return allUnresolvable ? PortMatchResult.NamedPortUnresolved : PortMatchResult.NoMatch;
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
            // An external peer of unknown address is covered only by a block that covers everything.
            return Cidrs.Any(c => c.Cidr.PrefixLength == 0 && c.Except.Count == 0);
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
