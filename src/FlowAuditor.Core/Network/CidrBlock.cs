using System.Net;

namespace FlowAuditor.Core.Network;

/// <summary>
/// A CIDR with exceptions, as NetworkPolicy <c>ipBlock</c> and Cilium <c>fromCIDRSet</c>/<c>toCIDRSet</c> write it:
/// <code>
/// ipBlock:
///   cidr: 10.0.0.0/8
///   except: [10.1.0.0/16]
/// </code>
/// </summary>
public sealed record CidrBlock(IPNetwork Cidr, IReadOnlyList<IPNetwork> Except)
{
    public bool Contains(IPAddress address)
    {
        if (!Cidr.Contains(address))
        {
            return false;
        }

        foreach (var except in Except)
        {
            if (except.Contains(address))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The disjoint address ranges the block covers (the CIDR minus its exceptions).</summary>
    public IReadOnlyList<IpRange> Ranges()
    {
        var ranges = new List<IpRange> { IpRange.FromNetwork(Cidr) };
        foreach (var except in Except)
        {
            var cut = IpRange.FromNetwork(except);
            var next = new List<IpRange>();
            foreach (var r in ranges)
            {
                if (cut.Family != r.Family || cut.End < r.Start || cut.Start > r.End)
                {
                    next.Add(r);
                    continue;
                }

                if (cut.Start > r.Start)
                {
                    next.Add(r with { End = cut.Start - 1 });
                }

                if (cut.End < r.End)
                {
                    next.Add(r with { Start = cut.End + 1 });
                }
            }

            ranges = next;
        }

        return ranges;
    }

    public override string ToString() =>
        Except.Count == 0 ? Cidr.ToString() : $"{Cidr} except {string.Join(", ", Except)}";
}
