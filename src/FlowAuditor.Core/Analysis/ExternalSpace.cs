using System.Net.Sockets;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Network;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// Splits the IPv4 space into the coarsest contiguous ranges that every ipBlock treats uniformly, so one address per
/// range decides for the whole range. Sources are split by the ingress blocks only and destinations by the egress
/// blocks only: an egress block can never decide where traffic comes from (the conformance cases list
/// <c>0.0.0.0-255.255.255.255</c> as the only source when only egress rules carry ipBlocks).
/// </summary>
public static class ExternalSpace
{
    /// <summary>External sources: the space split by the CIDR peers of ingress (allow and deny) rules.</summary>
    public static IReadOnlyList<IpRange> Sources(PolicySet policies) => Split(BlocksOf(policies, TrafficDirection.Ingress));

    /// <summary>External destinations: the space split by the CIDR peers of egress (allow and deny) rules.</summary>
    public static IReadOnlyList<IpRange> Destinations(PolicySet policies) => Split(BlocksOf(policies, TrafficDirection.Egress));

    /// <summary>
    /// The IPv4 space cut at every edge of every block's ranges (its CIDR minus its exceptions). Ranges that happen to
    /// be treated alike are not merged: each cut stays, as the listings expect. IPv6 blocks are ignored.
    /// </summary>
    public static IReadOnlyList<IpRange> Split(IEnumerable<CidrBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var starts = new SortedSet<UInt128> { IpRange.AllIPv4.Start };
        foreach (var block in blocks)
        {
            foreach (var range in block.Ranges())
            {
                if (range.Family != AddressFamily.InterNetwork)
                {
                    continue;
                }

                starts.Add(range.Start);
                if (range.End < IpRange.AllIPv4.End)
                {
                    starts.Add(range.End + 1);
                }
            }
        }

        var result = new List<IpRange>(starts.Count);
        UInt128? previous = null;
        foreach (var start in starts)
        {
            if (previous is { } p)
            {
                result.Add(new IpRange(AddressFamily.InterNetwork, p, start - 1));
            }

            previous = start;
        }

        result.Add(new IpRange(AddressFamily.InterNetwork, previous!.Value, IpRange.AllIPv4.End));
        return result;
    }

    private static IEnumerable<CidrBlock> BlocksOf(PolicySet policies, TrafficDirection direction)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return policies.Policies
            .Where(p => p.NotEvaluatedReason is null)
            .SelectMany(p => p.Allows(direction).Concat(p.Denies(direction)))
            .SelectMany(r => r.Peers.OfType<CidrPeer>())
            .Select(p => p.Block);
    }
}
